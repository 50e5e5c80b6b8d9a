package dev.tidemark.protocol;

/** One value of one series at one instant (epoch milliseconds, UTC). */
public record Sample(String metric, Labels labels, long timestamp, double value) {
  /**
   * The NaN payload Prometheus uses as a staleness marker: the series ended at this instant (its
   * target disappeared or stopped exposing it). Every other NaN is refused at ingest.
   */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** A staleness marker for the series at {@code timestamp}. */
  public static Sample staleMarker(String metric, Labels labels, long timestamp) {
    return new Sample(metric, labels, timestamp, Double.longBitsToDouble(STALE_NAN_BITS));
  }

  /** True when this is a staleness marker rather than a value. */
  public boolean isStaleMarker() {
    return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
  }
}
