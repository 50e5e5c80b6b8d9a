package dev.tidemark.query.histogram;

import java.util.Map;
import java.util.SortedMap;

/**
 * Log-bucketed histogram geometry (DDSketch style), shared by the server's storage and the query
 * evaluator so both compute identical quantiles.
 *
 * <p>With relative accuracy {@code alpha}, {@code gamma = (1 + alpha) / (1 - alpha)}. A positive
 * value {@code v} falls in bucket {@code i = ceil(log(v) / log(gamma))}, whose representative value
 * {@code 2 * gamma^i / (gamma + 1)} is within {@code alpha} relative error of every value in the
 * bucket. Zero lands in {@link #ZERO_INDEX}, which sorts before every other index.
 */
public final class LogBuckets {

  /** The relative accuracy the server stores histograms with. */
  public static final double DEFAULT_ALPHA = 0.005;

  /** Index of the bucket holding exact zeros. */
  public static final int ZERO_INDEX = Integer.MIN_VALUE;

  private static final LogBuckets STANDARD = new LogBuckets(DEFAULT_ALPHA);

  private final double alpha;
  private final double gamma;
  private final double logGamma;

  private LogBuckets(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(
          "cannot create log buckets: alpha must be in (0, 1) [alpha=" + alpha + "]");
    }
    this.alpha = alpha;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(gamma);
  }

  /** The geometry with {@link #DEFAULT_ALPHA}. */
  public static LogBuckets standard() {
    return STANDARD;
  }

  /** The geometry with the given relative accuracy. */
  public static LogBuckets withAlpha(double alpha) {
    return new LogBuckets(alpha);
  }

  public double alpha() {
    return alpha;
  }

  public double gamma() {
    return gamma;
  }

  /** Bucket index of a non-negative value; zero maps to {@link #ZERO_INDEX}. */
  public int index(double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "cannot index value: only finite non-negative values are supported [value="
              + value
              + "]");
    }
    if (value == 0) {
      return ZERO_INDEX;
    }
    return (int) Math.ceil(Math.log(value) / logGamma);
  }

  /** Representative value of a bucket: {@code 2 * gamma^i / (gamma + 1)}, 0 for the zero bucket. */
  public double value(int index) {
    if (index == ZERO_INDEX) {
      return 0;
    }
    return 2 * Math.exp(index * logGamma) / (gamma + 1);
  }

  /**
   * The q-quantile of a histogram given as index to count, DDSketch's definition: the
   * representative value of the first bucket whose cumulative count exceeds {@code q * (n - 1)}.
   * Returns NaN for an empty histogram.
   */
  public double quantile(SortedMap<Integer, Long> counts, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException(
          "cannot compute quantile: q must be in [0, 1] [q=" + q + "]");
    }
    long total = 0;
    for (long c : counts.values()) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * (total - 1);
    long cumulative = 0;
    int last = ZERO_INDEX;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      cumulative += e.getValue();
      last = e.getKey();
      if (cumulative > rank) {
        return value(e.getKey());
      }
    }
    return value(last);
  }

  /** Adds every count of {@code from} into {@code into}. */
  public static void merge(Map<Integer, Long> into, Map<Integer, Long> from) {
    for (Map.Entry<Integer, Long> e : from.entrySet()) {
      into.merge(e.getKey(), e.getValue(), Long::sum);
    }
  }
}
