package dev.tidemark.traces.metrics;

import org.HdrHistogram.Histogram;

/**
 * An OTLP exponential histogram into an HdrHistogram, Tidemark's mergeable form. Bucket {@code i}
 * at scale {@code s} holds values in {@code (b^i, b^(i+1)]} with {@code b = 2^(2^-s)}; its count is
 * recorded at the bucket's geometric middle, in whole units of the histogram's unit (seconds and
 * milliseconds become microseconds, so sub-unit latencies keep their resolution). The relative
 * error is at most half a bucket's width: 4.4% at scale 3, 0.27% at scale 8 (the SDK's default
 * starts at 20 and lowers it to fit 160 buckets).
 */
public final class ExponentialBuckets {
  private ExponentialBuckets() {}

  /** The unit the HdrHistogram counts in, for an OTLP unit. */
  public static String unit(String otlpUnit) {
    return switch (otlpUnit == null ? "" : otlpUnit) {
      case "s", "ms", "us" -> "us";
      case "ns" -> "ns";
      default -> "";
    };
  }

  static double factor(String otlpUnit) {
    return switch (otlpUnit == null ? "" : otlpUnit) {
      case "s" -> 1e6;
      case "ms" -> 1e3;
      default -> 1;
    };
  }

  /** Scales OTLP allows; outside them a bucket's bounds are not meaningful doubles. */
  static final int MIN_SCALE = -10;

  static final int MAX_SCALE = 20;

  /**
   * The largest value recorded (2^50 units): bounds the HdrHistogram a hostile point could grow.
   */
  static final double MAX_VALUE = 0x1p50;

  /** Why the buckets cannot be stored, or null: a scale outside OTLP's, a bucket out of range. */
  public static String outOfRange(int scale, int offset, int buckets, String unit) {
    if (scale < MIN_SCALE || scale > MAX_SCALE) {
      return "scale " + scale + " is outside [" + MIN_SCALE + ", " + MAX_SCALE + "]";
    }
    double width = Math.pow(2, -scale);
    double highest = Math.pow(2, ((double) offset + buckets) * width) * factor(unit);
    if (buckets > 0 && !(highest <= MAX_VALUE)) {
      return "bucket bounds reach past 2^50 " + (unit(unit).isEmpty() ? "units" : unit(unit));
    }
    return null;
  }

  /** The positive buckets and the zero bucket as an HdrHistogram (3 significant digits). */
  public static Histogram toHdr(int scale, long zeroCount, int offset, long[] counts, String unit) {
    Histogram h = new Histogram(3);
    double factor = factor(unit);
    if (zeroCount > 0) {
      h.recordValueWithCount(0, zeroCount);
    }
    double width = Math.pow(2, -scale);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] <= 0) {
        continue;
      }
      double middle = Math.pow(2, (offset + i + 0.5) * width) * factor;
      long value = Math.max(0, Math.round(middle));
      h.recordValueWithCount(value, counts[i]);
    }
    return h;
  }
}
