package dev.tidemark.server.ingest.influx;

import java.util.Locale;

/**
 * The unit of line-protocol timestamps. InfluxDB 2 names them {@code ns, us, ms, s}; InfluxDB 1
 * also {@code n, u, m, h}. The default is nanoseconds; Tidemark keeps milliseconds (floored).
 */
enum Precision {
  NANOSECONDS(-1_000_000),
  MICROSECONDS(-1_000),
  MILLISECONDS(1),
  SECONDS(1_000),
  MINUTES(60_000),
  HOURS(3_600_000);

  /** Negative: divide by it; positive: multiply by it. */
  private final long factor;

  Precision(long factor) {
    this.factor = factor;
  }

  /** The precision named by a v2 ({@code v1 == false}) or v1 write request; null if unknown. */
  static Precision parse(String name, boolean v1) {
    if (name == null || name.isEmpty()) {
      return NANOSECONDS;
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ns" -> NANOSECONDS;
      case "us" -> MICROSECONDS;
      case "ms" -> MILLISECONDS;
      case "s" -> SECONDS;
      case "n" -> v1 ? NANOSECONDS : null;
      case "u" -> v1 ? MICROSECONDS : null;
      case "m" -> v1 ? MINUTES : null;
      case "h" -> v1 ? HOURS : null;
      default -> null;
    };
  }

  /** Epoch milliseconds; throws ArithmeticException when they do not fit in a long. */
  long toMillis(long timestamp) {
    return factor < 0 ? Math.floorDiv(timestamp, -factor) : Math.multiplyExact(timestamp, factor);
  }
}
