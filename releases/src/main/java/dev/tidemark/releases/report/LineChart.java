package dev.tidemark.releases.report;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG line chart over releases: x is the release (labelled), one line per series, the y
 * axis labelled at its ends and middle with the unit. Missing values (NaN) break the line.
 */
final class LineChart {
  private static final int W = 680;
  private static final int H = 240;
  private static final int LEFT = SvgChart.LEFT;
  private static final int RIGHT = 20;
  private static final int BOTTOM = 50;
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};

  private LineChart() {}

  record Series(String name, double[] values) {}

  static String render(String title, String unit, List<String> xLabels, List<Series> series) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!Double.isFinite(lo)) {
      lo = 0;
      hi = 1;
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
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
        .append("</title><rect x=\"")
        .append(LEFT)
        .append("\" y=\"10\" width=\"")
        .append(W - LEFT - RIGHT)
        .append("\" height=\"")
        .append(H - BOTTOM - 10)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
    for (double v : new double[] {hi, (lo + hi) / 2, lo}) {
      text(s, LEFT - 4, y(v, lo, hi) + 4, "end", 10, "#555", Html.num(v));
    }
    if (!unit.isEmpty()) {
      int cy = (H - BOTTOM) / 2 + 10;
      s.append("<text x=\"12\" y=\"")
          .append(cy)
          .append(
              "\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
          .append(cy)
          .append(")\">")
          .append(Html.esc(unit))
          .append("</text>");
    }
    int n = xLabels.size();
    for (int i = 0; i < n; i++) {
      text(s, x(i, n), H - BOTTOM + 16, "middle", 10, "#555", xLabels.get(i));
    }
    for (int k = 0; k < series.size(); k++) {
      String color = COLORS[k % COLORS.length];
      double[] v = series.get(k).values();
      StringBuilder d = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          pen = false;
          continue;
        }
        d.append(pen ? " L" : " M").append(fmt(x(i, n))).append(' ').append(fmt(y(v[i], lo, hi)));
        pen = true;
        s.append("<circle cx=\"")
            .append(fmt(x(i, n)))
            .append("\" cy=\"")
            .append(fmt(y(v[i], lo, hi)))
            .append("\" r=\"3\" fill=\"")
            .append(color)
            .append("\"/>");
      }
      if (d.length() > 0) {
        s.append("<path d=\"")
            .append(d.toString().strip())
            .append("\" fill=\"none\" stroke=\"")
            .append(color)
            .append("\" stroke-width=\"2\"/>");
      }
      text(s, LEFT + 160 * k, H - 12, "start", 12, color, "● " + series.get(k).name());
    }
    return s.append("</svg>").toString();
  }

  private static void text(
      StringBuilder s, double x, double y, String anchor, int size, String color, String t) {
    s.append("<text x=\"")
        .append(fmt(x))
        .append("\" y=\"")
        .append(fmt(y))
        .append("\" font-size=\"")
        .append(size)
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" fill=\"")
        .append(color)
        .append("\">")
        .append(Html.esc(t))
        .append("</text>");
  }

  private static double x(int i, int n) {
    return LEFT + 20 + (W - LEFT - RIGHT - 40) * (n <= 1 ? 0.5 : i / (double) (n - 1));
  }

  private static double y(double v, double lo, double hi) {
    return 10 + (H - BOTTOM - 10) * (1 - (v - lo) / (hi - lo));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
