package dev.tidemark.releases.report;

import dev.tidemark.releases.json.JsonArray;
import java.util.Locale;

/**
 * An inline SVG of two releases' runs of one metric and operation: each run a dot, in run order,
 * baseline in blue and candidate in orange, each with a dashed line at its median. The y axis has
 * three labels with the metric's unit (from its name) in a left margin wide enough for them.
 */
final class SvgChart {
  private static final int W = 680;
  private static final int H = 220;
  private static final int PAD = 40;

  /** Left margin: room for "123456.78" at 10 px plus the unit line. */
  static final int LEFT = 80;

  private SvgChart() {}

  static String render(
      String title,
      String unit,
      JsonArray baseline,
      JsonArray candidate,
      double bMedian,
      double cMedian) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = Math.max(baseline.size(), candidate.size());
    for (JsonArray a : new JsonArray[] {baseline, candidate}) {
      for (Object o : a) {
        double v = ((Number) o).doubleValue();
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (!(max > min)) {
      max = min + 1;
    }
    double lo = min - (max - min) * 0.05;
    double hi = max + (max - min) * 0.05;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(W)
        .append("\" height=\"")
        .append(H)
        .append("\" viewBox=\"0 0 ")
        .append(W)
        .append(' ')
        .append(H)
        .append("\"><title>")
        .append(Html.esc(title))
        .append("</title>");
    s.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"10\" width=\"")
        .append(W - LEFT - PAD)
        .append("\" height=\"")
        .append(H - PAD - 10)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
    axisLabel(s, LEFT - 4, 16, Html.num(hi));
    axisLabel(s, LEFT - 4, (int) Math.round(y((lo + hi) / 2, lo, hi)) + 4, Html.num((lo + hi) / 2));
    axisLabel(s, LEFT - 4, H - PAD, Html.num(lo));
    if (!unit.isEmpty()) {
      s.append("<text x=\"12\" y=\"")
          .append((H - PAD) / 2 + 10)
          .append("\" font-size=\"11\" fill=\"#555\" transform=\"rotate(-90 12 ")
          .append((H - PAD) / 2 + 10)
          .append(")\" text-anchor=\"middle\">")
          .append(Html.esc(unit))
          .append("</text>");
    }
    series(s, baseline, n, lo, hi, "#1f77b4");
    series(s, candidate, n, lo, hi, "#ff7f0e");
    median(s, bMedian, lo, hi, "#1f77b4");
    median(s, cMedian, lo, hi, "#ff7f0e");
    s.append("<text x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(H - 12)
        .append("\" font-size=\"12\" fill=\"#1f77b4\">● baseline</text>");
    s.append("<text x=\"")
        .append(LEFT + 90)
        .append("\" y=\"")
        .append(H - 12)
        .append("\" font-size=\"12\" fill=\"#ff7f0e\">● candidate</text>");
    s.append("<text x=\"")
        .append(W - PAD)
        .append("\" y=\"")
        .append(H - 12)
        .append("\" font-size=\"12\" text-anchor=\"end\" fill=\"#555\">run →</text>");
    return s.append("</svg>").toString();
  }

  private static void series(
      StringBuilder s, JsonArray values, int n, double lo, double hi, String color) {
    for (int i = 0; i < values.size(); i++) {
      double v = ((Number) values.getValue(i)).doubleValue();
      s.append("<circle cx=\"")
          .append(fmt(x(i, n)))
          .append("\" cy=\"")
          .append(fmt(y(v, lo, hi)))
          .append("\" r=\"3\" fill=\"")
          .append(color)
          .append("\" fill-opacity=\"0.75\"/>");
    }
  }

  private static void median(StringBuilder s, double m, double lo, double hi, String color) {
    if (!Double.isFinite(m)) {
      return;
    }
    String y = fmt(y(m, lo, hi));
    s.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(W - PAD)
        .append("\" y1=\"")
        .append(y)
        .append("\" y2=\"")
        .append(y)
        .append("\" stroke=\"")
        .append(color)
        .append("\" stroke-dasharray=\"6 4\"/>");
  }

  private static void axisLabel(StringBuilder s, int x, int y, String text) {
    s.append("<text x=\"")
        .append(x)
        .append("\" y=\"")
        .append(y)
        .append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">")
        .append(Html.esc(text))
        .append("</text>");
  }

  /** The unit a metric's name ends in (Prometheus' naming): {@code checkout_latency_ms} → ms. */
  static String unit(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    String[][] suffixes = {
      {"_ms", "ms"}, {"_milliseconds", "ms"}, {"_us", "µs"}, {"_microseconds", "µs"},
      {"_ns", "ns"}, {"_nanoseconds", "ns"}, {"_seconds", "s"}, {"_bytes", "bytes"},
      {"_percent", "%"}, {"_ratio", "ratio"}, {"_per_second", "/s"}, {"_total", "/s"}
    };
    for (String[] s : suffixes) {
      if (m.endsWith(s[0])) {
        return s[1];
      }
    }
    return "";
  }

  private static double x(int i, int n) {
    return LEFT + 6 + (W - LEFT - PAD - 12) * (n <= 1 ? 0.5 : i / (double) (n - 1));
  }

  private static double y(double v, double lo, double hi) {
    return 10 + (H - PAD - 10) * (1 - (v - lo) / (hi - lo));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
