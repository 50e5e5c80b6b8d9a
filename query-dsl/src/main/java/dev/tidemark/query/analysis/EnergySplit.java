package dev.tidemark.query.analysis;

import java.util.Arrays;

/**
 * The best split of one segment by the E-Divisive energy statistic (Matteson and James 2014, α =
 * 1): for a split of {@code x[s..e)} into X = {@code x[s..τ)} and Y = {@code x[τ..e)},
 *
 * <pre>
 * Q(τ) = mn/(m+n) · ( 2/(mn) Σ|X−Y| − Σ_{i&lt;k}|Xi−Xk| / C(m,2) − Σ_{j&lt;l}|Yj−Yl| / C(n,2) )
 * </pre>
 *
 * <p>Within-sums for every prefix and suffix come from a Fenwick tree over value ranks ({@code
 * Σ|x−xi| = x·#less − Σless + Σgreater − x·#greater}), so one segment costs O(L log L) instead of
 * the O(L²) of the pairwise-distance matrix.
 */
final class EnergySplit {

  private EnergySplit() {}

  /** The τ in {@code [s + minSegment, e − minSegment]} maximising Q, or -1 if there is none. */
  static int best(double[] x, int s, int e, int minSegment) {
    int len = e - s;
    if (len < 2 * minSegment) {
      return -1;
    }
    double[] left = prefixWithin(x, s, e, false);
    double[] right = prefixWithin(x, s, e, true);
    double total = left[len];
    int best = -1;
    double bestQ = Double.NEGATIVE_INFINITY;
    for (int m = minSegment; m <= len - minSegment; m++) {
      int n = len - m;
      double withinX = left[m];
      double withinY = right[n];
      double cross = total - withinX - withinY;
      double q =
          (double) m
              * n
              / (m + n)
              * (2.0 * cross / ((double) m * n)
                  - withinX / ((double) m * (m - 1) / 2)
                  - withinY / ((double) n * (n - 1) / 2));
      if (q > bestQ) {
        bestQ = q;
        best = s + m;
      }
    }
    return best;
  }

  /**
   * {@code out[k]} = Σ|xi − xj| over pairs among the first k values of the segment (from the right
   * end when {@code reverse}).
   */
  private static double[] prefixWithin(double[] x, int s, int e, boolean reverse) {
    int len = e - s;
    double[] sorted = Arrays.copyOfRange(x, s, e);
    Arrays.sort(sorted);
    long[] cnt = new long[len + 1];
    double[] sum = new double[len + 1];
    double[] out = new double[len + 1];
    long totalCount = 0;
    double totalSum = 0;
    for (int k = 0; k < len; k++) {
      double v = reverse ? x[e - 1 - k] : x[s + k];
      int rank = Arrays.binarySearch(sorted, v);
      while (rank > 0 && sorted[rank - 1] == v) {
        rank--;
      }
      // values strictly below v occupy ranks [0, rank)
      long lessCount = 0;
      double lessSum = 0;
      for (int i = rank; i > 0; i -= i & -i) {
        lessCount += cnt[i];
        lessSum += sum[i];
      }
      long greaterCount = totalCount - lessCount;
      double greaterSum = totalSum - lessSum;
      out[k + 1] = out[k] + v * lessCount - lessSum + greaterSum - v * greaterCount;
      for (int i = rank + 1; i <= len; i += i & -i) {
        cnt[i]++;
        sum[i] += v;
      }
      totalCount++;
      totalSum += v;
    }
    return out;
  }
}
