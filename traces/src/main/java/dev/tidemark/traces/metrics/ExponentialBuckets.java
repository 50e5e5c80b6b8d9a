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
