package dev.tidemark.query.analysis;

import java.util.Arrays;

/** Small descriptive statistics on arrays; none of them modify their input. */
public final class Descriptive {

  private Descriptive() {}

  public static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Sample variance (n - 1 in the denominator); 0 for fewer than two values. */
  public static double variance(double[] x) {
    if (x.length < 2) {
      return 0;
    }
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }

  public static double median(double[] x) {
    return quantile(x, 0.5);
  }

  /**
   * The q-quantile with linear interpolation between closest ranks (Hyndman–Fan type 7, the default
   * of R, NumPy and PostgreSQL's {@code percentile_cont}). NaN for no values.
   */
  public static double quantile(double[] x, double q) {
    if (x.length == 0) {
      return Double.NaN;
    }
    double[] s = x.clone();
    Arrays.sort(s);
    return sortedQuantile(s, q);
  }

  /** {@link #quantile} on an already sorted array. */
  public static double sortedQuantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Median absolute deviation from the median (not scaled). */
  public static double mad(double[] x) {
    double m = median(x);
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = Math.abs(x[i] - m);
    }
    return median(d);
  }
}
