package dev.tidemark.agent.scrape;

import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus' text exposition format (0.0.4) and OpenMetrics 1.0 text, one line at a time: {@code
 * name{label="value",…} value [timestamp]}. {@code #} lines (HELP, TYPE, EOF) are skipped, and an
 * OpenMetrics exemplar ({@code # {…} value}) after a value is ignored. Timestamps are milliseconds
 * in the Prometheus format, seconds in OpenMetrics. A line that cannot be read is counted and
 * skipped, as Prometheus reports a failed scrape but here one bad line does not cost the other
 * series of the target.
 */
final class ExpositionParser {
  /** One series line as read: its series text (name and labels as written), value, timestamp. */
  record Line(String series, String name, List<String> labels, double value, long timestamp) {}

  private ExpositionParser() {}

  /**
   * The lines of a body. {@code timestamp} is -1 where the line has none; {@code labels} are
   * alternating names and unescaped values.
   */
  static List<Line> parse(String text, boolean openMetrics, int[] bad) {
    List<Line> out = new ArrayList<>();
    int at = 0;
    int n = text.length();
    while (at < n) {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        end = n;
      }
      int lineEnd = end > at && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (lineEnd > at && text.charAt(at) != '#') {
        Line l = line(text, at, lineEnd, openMetrics);
        if (l == null) {
          bad[0]++;
        } else {
          out.add(l);
        }
      }
      at = end + 1;
    }
    return out;
  }

  private static Line line(String s, int from, int to, boolean openMetrics) {
    int i = from;
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    int nameStart = i;
    while (i < to && isNameChar(s.charAt(i), i == nameStart)) {
      i++;
    }
    if (i == nameStart) {
      return null;
    }
    String name = s.substring(nameStart, i);
    List<String> labels = new ArrayList<>(4);
    if (i < to && s.charAt(i) == '{') {
      i = labels(s, i + 1, to, labels);
      if (i < 0) {
        return null;
      }
    }
    String series = s.substring(nameStart, i);
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    int valueStart = i;
    while (i < to && s.charAt(i) != ' ') {
      i++;
    }
    double value;
    try {
      value = value(s.substring(valueStart, i));
    } catch (NumberFormatException e) {
      return null;
    }
    while (i < to && s.charAt(i) == ' ') {
      i++;
    }
    long ts = -1;
    if (i < to && s.charAt(i) != '#') {
      int tsStart = i;
      while (i < to && s.charAt(i) != ' ') {
        i++;
      }
      try {
        String t = s.substring(tsStart, i);
        ts = openMetrics ? Math.round(Double.parseDouble(t) * 1000) : Long.parseLong(t);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return new Line(series, name, labels, value, ts);
  }

  /** Reads {@code a="x",b="y"}} from {@code i}; the index after the brace, or -1. */
  private static int labels(String s, int i, int to, List<String> out) {
    while (true) {
      while (i < to && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
        i++;
      }
      if (i >= to) {
        return -1;
      }
      if (s.charAt(i) == '}') {
        return i + 1;
      }
      int start = i;
      while (i < to && isNameChar(s.charAt(i), i == start) && s.charAt(i) != ':') {
        i++;
      }
      if (i == start) {
        return -1;
      }
      String name = s.substring(start, i);
      while (i < to && s.charAt(i) == ' ') {
        i++;
      }
      if (i + 1 >= to || s.charAt(i) != '=' || s.charAt(i + 1) != '"') {
        return -1;
      }
      i += 2;
      StringBuilder v = new StringBuilder();
      while (i < to && s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\' && i < to) {
          char e = s.charAt(i++);
          v.append(e == 'n' ? '\n' : e);
        } else {
          v.append(c);
        }
      }
      if (i >= to) {
        return -1;
      }
      i++; // the closing quote
      out.add(name);
      out.add(v.toString());
    }
  }

  static double value(String v) {
    return switch (v) {
      case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
      case "NaN", "nan" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  private static boolean isNameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || c == ':'
        || (!first && c >= '0' && c <= '9');
  }
}
