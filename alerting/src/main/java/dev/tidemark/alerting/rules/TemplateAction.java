package dev.tidemark.alerting.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One {@code {{ … }}} placeholder: a value ({@code $value}, {@code $labels.x}) and its filters. */
final class TemplateAction implements Template.Part {
  private final String source; // "value", "labels", "externalLabels" or "string"
  private final String name; // label name, or the string literal
  private final List<String> filters; // humanize, humanizePercentage, printf:<format>

  private TemplateAction(String source, String name, List<String> filters) {
    this.source = source;
    this.name = name;
    this.filters = filters;
  }

  static TemplateAction parse(String inside, int offset) {
    List<String> words = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    int i = 0;
    while (i < inside.length()) {
      char c = inside.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int end = inside.indexOf('"', i + 1);
        if (end < 0) {
          throw Template.bad("unclosed string", offset + i);
        }
        words.add(inside.substring(i, end + 1));
        at.add(offset + i);
        i = end + 1;
      } else if (c == '|') {
        words.add("|");
        at.add(offset + i);
        i++;
      } else {
        int s = i;
        while (i < inside.length()
            && !Character.isWhitespace(inside.charAt(i))
            && inside.charAt(i) != '|') {
          i++;
        }
        words.add(inside.substring(s, i));
        at.add(offset + s);
      }
    }
    if (words.isEmpty()) {
      throw Template.bad("empty placeholder", offset);
    }
    // prefix form: humanize $value / printf "%.2f" $value
    List<String> filters = new ArrayList<>();
    int k = 0;
    while (k < words.size() && isFunction(words.get(k))) {
      k = function(words, at, k, filters);
    }
    if (k >= words.size()) {
      throw Template.bad("placeholder has no value", offset + inside.length());
    }
    String term = words.get(k);
    String source;
    String name = "";
    if (term.equals("$value") || term.equals(".Value")) {
      source = "value";
    } else if (term.startsWith("$labels.") || term.startsWith(".Labels.")) {
      source = "labels";
      name = term.substring(term.indexOf('.', 1) + 1);
    } else if (term.startsWith("$externalLabels.")) {
      source = "externalLabels";
      name = term.substring("$externalLabels.".length());
    } else if (term.startsWith("\"")) {
      source = "string";
      name = term.substring(1, term.length() - 1);
    } else {
      throw Template.bad(
          "unknown value " + term + " (use $value, $labels.<name> or $externalLabels.<name>)",
          at.get(k));
    }
    java.util.Collections.reverse(filters); // prefix functions apply innermost first
    k++;
    while (k < words.size()) {
      if (!words.get(k).equals("|") || k + 1 >= words.size()) {
        throw Template.bad("expected | and a function", at.get(k));
      }
      k = function(words, at, k + 1, filters);
    }
    return new TemplateAction(source, name, List.copyOf(filters));
  }

  private static boolean isFunction(String w) {
    return w.equals("humanize") || w.equals("humanizePercentage") || w.equals("printf");
  }

  private static int function(List<String> words, List<Integer> at, int k, List<String> out) {
    String w = words.get(k);
    if (!isFunction(w)) {
      throw Template.bad(
          "unknown function " + w + " (use humanize, humanizePercentage or printf)", at.get(k));
    }
    if (w.equals("printf")) {
      if (k + 1 >= words.size() || !words.get(k + 1).startsWith("\"")) {
        throw Template.bad("printf needs a quoted format", at.get(k));
      }
      String format = words.get(k + 1);
      out.add("printf:" + format.substring(1, format.length() - 1));
      return k + 2;
    }
    out.add(w);
    return k + 1;
  }

  String render(Map<String, String> labels, double value, Map<String, String> external) {
    Object v =
        switch (source) {
          case "value" -> value;
          case "labels" -> labels.getOrDefault(name, "");
          case "externalLabels" -> external.getOrDefault(name, "");
          default -> name;
        };
    for (String f : filters) {
      v = apply(f, v);
    }
    return v instanceof Double d ? GoFloat.format(d) : String.valueOf(v);
  }

  private static Object apply(String filter, Object v) {
    double d = v instanceof Double x ? x : parse(String.valueOf(v));
    if (filter.equals("humanize")) {
      return humanize(d);
    }
    if (filter.equals("humanizePercentage")) {
      return humanize(d * 100) + "%";
    }
    String format = filter.substring("printf:".length());
    try {
      return String.format(Locale.ROOT, format.replace("%v", "%s"), v instanceof Double ? d : v);
    } catch (java.util.IllegalFormatException e) {
      return String.format(Locale.ROOT, format.replace("%v", "%s"), GoFloat.format(d));
    }
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Prometheus' humanize: SI prefixes, four significant digits. */
  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "");
    }
    String[] big = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    String[] small = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
    int i = 0;
    double a = v;
    if (Math.abs(a) >= 1) {
      while (Math.abs(a) >= 1000 && i < big.length - 1) {
        a /= 1000;
        i++;
      }
      return trim(a) + big[i];
    }
    while (Math.abs(a) < 1 && i < small.length - 1) {
      a *= 1000;
      i++;
    }
    return trim(a) + small[i];
  }

  private static String trim(double a) {
    String s = new java.math.BigDecimal(a).round(new java.math.MathContext(4)).toPlainString();
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
