package dev.tidemark.query.source.memory;

import dev.tidemark.query.analysis.Descriptive;
import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.source.Aggregation;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Everything one group needs within one bucket to answer any {@link Aggregation}. */
final class Accumulator {

  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private long lastTime = Long.MIN_VALUE;
  private double lastValue = Double.NaN;
  private double increase;
  private long pairs;
  private double[] values = new double[4];
  private final TreeMap<Integer, Long> histogram = new TreeMap<>();

  void add(long time, double v) {
    count++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (time > lastTime || (time == lastTime && v > lastValue)) {
      lastTime = time;
      lastValue = v;
    }
    if (values.length < count) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[(int) count - 1] = v;
  }

  void addIncrease(double delta) {
    increase += delta;
    pairs++;
  }

  void addHistogram(Map<Integer, Long> counts) {
    LogBuckets.merge(histogram, counts);
  }

  boolean hasIncrease() {
    return pairs > 0;
  }

  /** The gauge/counter answer. */
  double value(Aggregation agg, double q, double bucketSeconds) {
    switch (agg) {
      case AVG:
        return sum / count;
      case MIN:
        return min;
      case MAX:
        return max;
      case SUM:
        return sum;
      case COUNT:
        return count;
      case LAST:
        return lastValue;
      case INCREASE:
        return increase;
      case RATE:
        return increase / bucketSeconds;
      case QUANTILE:
        return Descriptive.quantile(Arrays.copyOf(values, (int) count), q);
      default:
        throw new IllegalArgumentException(
            "cannot aggregate: unsupported [aggregation=" + agg + "]");
    }
  }

  /** The histogram answer. */
  double histogramValue(Aggregation agg, double q) {
    return agg.ofHistogram(histogram, q);
  }

  boolean histogramEmpty() {
    return histogram.values().stream().mapToLong(Long::longValue).sum() == 0;
  }
}
