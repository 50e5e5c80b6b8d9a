package dev.tidemark.query.analysis;

import java.util.Arrays;

/**
 * The Hodges–Lehmann shift estimate (median of all pairwise differences {@code y − x}) and its
 * distribution-free confidence interval from the Mann–Whitney null distribution (Hollander and
 * Wolfe): the interval runs from the C-th smallest to the C-th largest difference.
 *
 * @param low NaN when the samples are too small for the requested confidence
 * @param high NaN likewise
 */
public record HodgesLehmann(double shift, double low, double high) {

  /** Estimates the shift of {@code y} relative to {@code x} with a two-sided interval. */
  public static HodgesLehmann estimate(double[] x, double[] y, double confidence) {
    int n1 = x.length;
    int n2 = y.length;
    double[] d = new double[n1 * n2];
    int k = 0;
    for (double a : x) {
      for (double b : y) {
        d[k++] = b - a;
      }
    }
    Arrays.sort(d);
    double shift = Descriptive.sortedQuantile(d, 0.5);
    int c = criticalRank(n1, n2, (1 - confidence) / 2);
    if (c < 1) {
      return new HodgesLehmann(shift, Double.NaN, Double.NaN);
    }
    return new HodgesLehmann(shift, d[c - 1], d[d.length - c]);
  }

  /**
   * Largest C with {@code P(U ≤ C − 1) ≤ tail}: exact for small samples, else the normal
   * approximation {@code nm/2 − z·sqrt(nm(n+m+1)/12)}.
   */
  static int criticalRank(int n1, int n2, double tail) {
    long nm = (long) n1 * n2;
    if (nm <= MannWhitney.EXACT_LIMIT) {
      double[] cdf = MannWhitney.exactCdf(n1, n2);
      int c = 0;
      while (c < cdf.length && cdf[c] <= tail) {
        c++;
      }
      return c;
    }
    double z = Distributions.normalQuantile(1 - tail);
    return (int) Math.floor(nm / 2.0 - z * Math.sqrt(nm * (n1 + n2 + 1) / 12.0));
  }
}
