package dev.tidemark.traces.metrics;

import java.util.Map;

/**
 * OTLP names in Prometheus' form, as Prometheus' OTLP receiver writes them by default (underscore
 * escaping with suffixes): characters outside {@code [a-zA-Z0-9_:]} become {@code _}, runs of
 * underscores collapse, the unit is appended as a word ({@code s} → {@code _seconds}, {@code By} →
 * {@code _bytes}, {@code 1/s} → {@code _per_second}; {@code {…}} annotations are dropped), gauges
 * in unit {@code 1} get {@code _ratio} and monotonic cumulative sums {@code _total}.
 */
public final class PromNames {
  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("d", "days"),
          Map.entry("h", "hours"),
          Map.entry("min", "minutes"),
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("GiBy", "gibibytes"),
          Map.entry("TiBy", "tibibytes"),
          Map.entry("KBy", "kilobytes"),
          Map.entry("MBy", "megabytes"),
          Map.entry("GBy", "gigabytes"),
          Map.entry("TBy", "terabytes"),
          Map.entry("m", "meters"),
          Map.entry("V", "volts"),
          Map.entry("A", "amperes"),
          Map.entry("J", "joules"),
          Map.entry("W", "watts"),
          Map.entry("g", "grams"),
          Map.entry("Cel", "celsius"),
          Map.entry("Hz", "hertz"),
          Map.entry("%", "percent"));

  private static final Map<String, String> PER_UNITS =
      Map.of(
          "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y",
          "year");

  private PromNames() {}

  public static String metric(String name, String unit, boolean gauge, boolean counter) {
    String base = escape(name, true);
    String suffix = unitSuffix(unit, gauge);
    if (!suffix.isEmpty() && !base.endsWith("_" + suffix)) {
      base = base + "_" + suffix;
    }
    if (counter && !base.endsWith("_total")) {
      base = base + "_total";
    }
    return base;
  }

  /** A label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}, a leading digit prefixed with {@code key_}. */
  public static String label(String name) {
    String s = escape(name, false);
    if (s.isEmpty()) {
      return "key_empty";
    }
    return Character.isDigit(s.charAt(0)) ? "key_" + s : s;
  }

  static String unitSuffix(String unit, boolean gauge) {
    if (unit == null) {
      return "";
    }
    String u = unit.replaceAll("\\{[^}]*}", "").trim();
    if (u.equals("1")) {
      return gauge ? "ratio" : "";
    }
    if (u.isEmpty()) {
      return "";
    }
    int slash = u.indexOf('/');
    if (slash >= 0) {
      String main = u.substring(0, slash).trim();
      String per = u.substring(slash + 1).trim();
      String mainWord = main.isEmpty() || main.equals("1") ? "" : UNITS.getOrDefault(main, main);
      String perWord = PER_UNITS.getOrDefault(per, per);
      String word = (mainWord.isEmpty() ? "" : mainWord + "_") + "per_" + perWord;
      return escape(word, false);
    }
    return escape(UNITS.getOrDefault(u, u), false);
  }

  private static String escape(String s, boolean colons) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || (colons && c == ':');
      char out = ok ? c : '_';
      if (out == '_' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
        continue;
      }
      sb.append(out);
    }
    String r = sb.toString();
    if (!r.isEmpty() && Character.isDigit(r.charAt(0)) && colons) {
      r = "_" + r;
    }
    return r;
  }
}
