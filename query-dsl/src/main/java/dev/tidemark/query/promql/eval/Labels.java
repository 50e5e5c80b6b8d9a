package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code label_replace} and {@code label_join}: new labels, values kept, metric name kept. */
final class Labels {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} in a replacement (Go's Expand). */
  private static final Pattern REFERENCE =
      Pattern.compile("\\$(?:\\{([a-zA-Z0-9_]+)}|([a-zA-Z0-9_]+)|\\$)");

  private Labels() {}

  /** {@code label_replace(v, dst, replacement, src, regex)}. */
  static Value replace(List<StepSeries> in, List<String> args, int steps) {
    String dst = args.get(0);
    String replacement = args.get(1);
    String src = args.get(2);
    Pattern regex;
    try {
      regex = Pattern.compile("^(?:" + args.get(3) + ")$", Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw PromQlException.execution(
          "invalid regular expression in label_replace(): " + args.get(3));
    }
    if (!LABEL_NAME.matcher(dst).matches()) {
      throw PromQlException.execution("invalid destination label name in label_replace(): " + dst);
    }
    SeriesSet out = new SeriesSet(steps);
    for (StepSeries s : in) {
      String value = s.labels().getOrDefault(src, "");
      Matcher m = regex.matcher(value);
      Map<String, String> labels = s.labels();
      if (m.matches()) {
        labels = new TreeMap<>(s.labels());
        String res = expand(replacement, m);
        labels.remove(dst);
        if (!res.isEmpty()) {
          labels.put(dst, res);
        }
      }
      copy(s, labels, out);
    }
    return out.vector();
  }

  /** {@code label_join(v, dst, separator, src...)}. */
  static Value join(List<StepSeries> in, List<String> args, int steps) {
    String dst = args.get(0);
    String separator = args.get(1);
    List<String> sources = args.subList(2, args.size());
    for (String src : sources) {
      if (!LABEL_NAME.matcher(src).matches()) {
        throw PromQlException.execution("invalid source label name in label_join(): " + src);
      }
    }
    if (!LABEL_NAME.matcher(dst).matches()) {
      throw PromQlException.execution("invalid destination label name in label_join(): " + dst);
    }
    SeriesSet out = new SeriesSet(steps);
    for (StepSeries s : in) {
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < sources.size(); i++) {
        if (i > 0) {
          joined.append(separator);
        }
        joined.append(s.labels().getOrDefault(sources.get(i), ""));
      }
      Map<String, String> labels = new TreeMap<>(s.labels());
      if (joined.length() == 0) {
        labels.remove(dst);
      } else {
        labels.put(dst, joined.toString());
      }
      copy(s, labels, out);
    }
    return out.vector();
  }

  private static void copy(StepSeries s, Map<String, String> labels, SeriesSet out) {
    for (int i = 0; i < s.steps(); i++) {
      if (s.has(i)) {
        out.add(labels, i, s.get(i));
      }
    }
  }

  /** Go's {@code Regexp.Expand}: a reference to a missing group expands to nothing. */
  static String expand(String template, Matcher m) {
    StringBuilder out = new StringBuilder();
    Matcher ref = REFERENCE.matcher(template);
    int last = 0;
    while (ref.find()) {
      out.append(template, last, ref.start());
      last = ref.end();
      if (ref.group().equals("$$")) {
        out.append('$');
        continue;
      }
      String name = ref.group(1) != null ? ref.group(1) : ref.group(2);
      out.append(group(m, name));
    }
    out.append(template.substring(last));
    return out.toString();
  }

  private static String group(Matcher m, String name) {
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int g = Integer.parseInt(name);
        String v = g <= m.groupCount() ? m.group(g) : null;
        return v == null ? "" : v;
      }
      String v = m.group(name);
      return v == null ? "" : v;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
