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

  /** Above this many pairs the differences are not materialised (see {@link #kth}). */
  static final long MATERIALISE_LIMIT = 1_000_000;

  /** Estimates the shift of {@code y} relative to {@code x} with a two-sided interval. */
  public static HodgesLehmann estimate(double[] x, double[] y, double confidence) {
    int n1 = x.length;
    int n2 = y.length;
    long pairs = (long) n1 * n2;
    Differences d =
        pairs <= MATERIALISE_LIMIT ? materialised(x, y) : implicit(x.clone(), y.clone());
    double shift =
        pairs % 2 == 1 ? d.kth((pairs + 1) / 2) : (d.kth(pairs / 2) + d.kth(pairs / 2 + 1)) / 2;
    long c = criticalRank(n1, n2, (1 - confidence) / 2);
    if (c < 1) {
      return new HodgesLehmann(shift, Double.NaN, Double.NaN);
    }
    return new HodgesLehmann(shift, d.kth(c), d.kth(pairs + 1 - c));
  }

  /** The k-th smallest (1-based) of all differences {@code y − x}. */
  private interface Differences {
    double kth(long k);
  }

  private static Differences materialised(double[] x, double[] y) {
    double[] d = new double[x.length * y.length];
    int k = 0;
    for (double a : x) {
      for (double b : y) {
        d[k++] = b - a;
      }
    }
    Arrays.sort(d);
    return i -> d[(int) (i - 1)];
  }

  /**
   * Large samples: the k-th difference by bisection on its value, counting pairs with {@code y − x
   * ≤ v} in O(n + m) with two sorted arrays, so memory stays linear.
   */
  private static Differences implicit(double[] x, double[] y) {
    Arrays.sort(x);
    Arrays.sort(y);
    return k -> kth(x, y, k);
  }

  static double kth(double[] x, double[] y, long k) {
    double lo = y[0] - x[x.length - 1];
    double hi = y[y.length - 1] - x[0];
    for (int iter = 0; iter < 200 && lo < hi; iter++) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (countAtMost(x, y, mid) >= k) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return countAtMost(x, y, lo) >= k ? lo : hi;
  }

  /** Pairs with {@code y[j] − x[i] ≤ v}; both arrays sorted ascending. */
  private static long countAtMost(double[] x, double[] y, double v) {
    long count = 0;
    int i = x.length;
    // for ascending y[j], the x with x ≥ y[j] − v form a shrinking suffix
    int firstOk = 0;
    for (double b : y) {
      while (firstOk < x.length && x[firstOk] < b - v) {
        firstOk++;
      }
      count += i - firstOk;
    }
    return count;
  }

  /**
   * Largest C with {@code P(U ≤ C − 1) ≤ tail}: exact for small samples, else the normal
   * approximation {@code nm/2 − z·sqrt(nm(n+m+1)/12)}.
   */
  static long criticalRank(int n1, int n2, double tail) {
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
    return (long) Math.floor(nm / 2.0 - z * Math.sqrt(nm * (n1 + n2 + 1.0) / 12.0));
  }
}
