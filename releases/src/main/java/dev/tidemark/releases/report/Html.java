package dev.tidemark.releases.report;

import java.util.Locale;

/** Escaping and number formatting for the report. */
final class Html {
  private Html() {}

  static String esc(Object o) {
    if (o == null) {
      return "–";
    }
    String s = String.valueOf(o);
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  static String num(Object o) {
    if (!(o instanceof Number n)) {
      return "–";
    }
    double v = n.doubleValue();
    if (v != 0 && (Math.abs(v) < 0.001 || Math.abs(v) >= 1e6)) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
