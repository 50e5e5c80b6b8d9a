package dev.tidemark.query.source;

import dev.tidemark.query.histogram.LogBuckets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What a {@link SeriesFetch} computes per group and bucket. The exact semantics, which every {@link
 * DataSource} must reproduce, are written on each constant. "Points" are the raw samples of every
 * matching series of the group with a timestamp inside the bucket and inside the fetch range.
 */
public enum Aggregation {
  /** No bucketing: the raw points themselves (histograms: not allowed). */
  NONE,
  /** Mean of the points (histograms: mean of the observations' representative values). */
  AVG,
  /** Smallest point (histograms: representative value of the lowest non-empty bucket). */
  MIN,
  /** Largest point (histograms: representative value of the highest non-empty bucket). */
  MAX,
  /**
   * Sum over the group's series of each series' mean in the bucket, so {@code sum(cpu) by (dc)}
   * adds up hosts, whatever their sampling rate (histograms: sum of representative value times
   * count, i.e. the total of all observations).
   */
  SUM,
  /** Number of points (histograms: number of observations). */
  COUNT,
  /** Value of the latest point; among equal timestamps the largest value. Not for histograms. */
  LAST,
  /**
   * Counter increase: for each series, consecutive points {@code p[k-1], p[k]} both inside the
   * fetch range contribute {@code v[k] - v[k-1]}, or {@code v[k]} when {@code v[k] < v[k-1]} (a
   * reset), to the bucket holding {@code p[k]}; the group's value is the sum over its series. A
   * bucket with no such pair has no value.
   */
  INCREASE,
  /** {@link #INCREASE} divided by the bucket's length in seconds (a 25h day has 90000 s). */
  RATE,
  /**
   * The q-quantile. Gauges: linear interpolation between closest ranks of the points, as
   * PostgreSQL's {@code percentile_cont}; answered from the raw tier only. Histograms: merge the
   * bucket counts of all samples, then {@code LogBuckets.quantile}.
   */
  QUANTILE;

  /** The keyword the language uses for this aggregation. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether histograms can be aggregated this way ({@link #ofHistogram}). */
  public boolean appliesToHistograms() {
    return this == COUNT
        || this == SUM
        || this == AVG
        || this == MIN
        || this == MAX
        || this == QUANTILE;
  }

  /**
   * This aggregation of merged histogram counts (log-bucket index to count, not empty), as every
   * data source answers it; {@code q} for {@link #QUANTILE}.
   */
  public double ofHistogram(SortedMap<Integer, Long> counts, double q) {
    LogBuckets lb = LogBuckets.standard();
    long n = 0;
    double total = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      n += e.getValue();
      total += lb.value(e.getKey()) * e.getValue();
    }
    return switch (this) {
      case COUNT -> n;
      case SUM -> total;
      case AVG -> total / n;
      case MIN -> lb.value(counts.firstKey());
      case MAX -> lb.value(counts.lastKey());
      case QUANTILE -> lb.quantile(counts, q);
      default ->
          throw new IllegalArgumentException(
              "cannot aggregate histogram: unsupported [aggregation=" + this + "]");
    };
  }

  /** The aggregation a function name denotes (not {@code quantile} or {@code pNN}). */
  public static Optional<Aggregation> byKeyword(String word) {
    for (Aggregation a : values()) {
      if (a != NONE && a != QUANTILE && a.keyword().equals(word)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
