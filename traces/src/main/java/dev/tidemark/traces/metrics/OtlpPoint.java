package dev.tidemark.traces.metrics;

import java.util.Map;

/**
 * One OTLP metric data point as sent, with what its metric says about it. Which fields count
 * depends on {@code type}: {@code value} for gauges and sums; {@code count}, {@code sum}, {@code
 * bounds} and {@code bucketCounts} for histograms; {@code scale}, {@code zeroCount} and the two
 * offset/count pairs for exponential histograms; {@code quantiles}/{@code quantileValues} with
 * count and sum for summaries.
 */
public record OtlpPoint(
    Map<String, Object> resource,
    String name,
    String unit,
    Type type,
    boolean monotonic,
    int temporality,
    Map<String, Object> attributes,
    long timeNanos,
    int flags,
    double value,
    long count,
    double sum,
    boolean hasSum,
    double[] bounds,
    long[] bucketCounts,
    int scale,
    long zeroCount,
    int positiveOffset,
    long[] positiveCounts,
    int negativeOffset,
    long[] negativeCounts,
    double[] quantiles,
    double[] quantileValues) {

  public static final int DELTA = 1;
  public static final int CUMULATIVE = 2;

  /** The data point's flag "no recorded value": Prometheus writes a staleness marker for it. */
  public static final int NO_RECORDED_VALUE = 1;

  /** The kinds of OTLP metric data. */
  public enum Type {
    GAUGE,
    SUM,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY
  }

  /** A builder, since the two decoders fill a point field by field. */
  public static final class Builder {
    public Map<String, Object> resource = Map.of();
    public String name = "";
    public String unit = "";
    public Type type;
    public boolean monotonic;
    public int temporality;
    public Map<String, Object> attributes = Map.of();
    public long timeNanos;
    public int flags;
    public double value;
    public long count;
    public double sum;
    public boolean hasSum;
    public double[] bounds = new double[0];
    public long[] bucketCounts = new long[0];
    public int scale;
    public long zeroCount;
    public int positiveOffset;
    public long[] positiveCounts = new long[0];
    public int negativeOffset;
    public long[] negativeCounts = new long[0];
    public double[] quantiles = new double[0];
    public double[] quantileValues = new double[0];

    public OtlpPoint build() {
      return new OtlpPoint(
          resource,
          name,
          unit,
          type,
          monotonic,
          temporality,
          attributes,
          timeNanos,
          flags,
          value,
          count,
          sum,
          hasSum,
          bounds,
          bucketCounts,
          scale,
          zeroCount,
          positiveOffset,
          positiveCounts,
          negativeOffset,
          negativeCounts,
          quantiles,
          quantileValues);
    }
  }
}
