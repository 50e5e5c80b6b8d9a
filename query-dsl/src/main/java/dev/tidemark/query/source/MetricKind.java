package dev.tidemark.query.source;

/** What a metric's samples mean, which decides how they aggregate. */
public enum MetricKind {
  /** A level sampled over time (cpu_percent, queue depth, a benchmark result). */
  GAUGE,
  /** A monotonically increasing total that may reset to zero on restart. */
  COUNTER,
  /** Log-bucketed latency distributions (see {@code LogBuckets}). */
  HISTOGRAM
}
