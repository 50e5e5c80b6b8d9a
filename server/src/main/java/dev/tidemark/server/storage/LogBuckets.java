package dev.tidemark.server.storage;

import java.util.Map;

/**
 * Log-scaled histogram buckets with 0.5% relative accuracy (DDSketch's mapping): a value {@code v >
 * 0} falls in bucket {@code ceil(log(v) / log(γ))}, γ = (1 + α) / (1 - α), and the bucket's
 * representative value is within α of every value in it. Counts in the same bucket add up across
 * histograms and across time, which is what lets every tier answer any quantile.
 */
public final class LogBuckets {
  public static final double ALPHA = 0.005;
  static final double GAMMA = (1 + ALPHA) / (1 - ALPHA);
  private static final double LOG_GAMMA = Math.log(GAMMA);

  /** Zero and negative values share one bucket whose value is 0. */
  public static final int ZERO = Integer.MIN_VALUE;

  private LogBuckets() {}

  public static int index(double value) {
    return value <= 0 ? ZERO : (int) Math.ceil(Math.log(value) / LOG_GAMMA);
  }

  public static double value(int index) {
    return index == ZERO ? 0 : 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
  }

  /**
   * The value at quantile {@code q} (0..1) of buckets in ascending index order, with HdrHistogram's
   * rank rule: the first bucket whose running count reaches {@code round(q × total)} (at least 1).
   * NaN when empty.
   */
  public static double quantile(Map<Integer, Long> ascending, double q) {
    long total = 0;
    for (long c : ascending.values()) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) (q * total + 0.5));
    long seen = 0;
    int last = ZERO;
    for (Map.Entry<Integer, Long> e : ascending.entrySet()) {
      seen += e.getValue();
      last = e.getKey();
      if (seen >= rank) {
        break;
      }
    }
    return value(last);
  }
}
