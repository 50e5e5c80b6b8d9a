package dev.tidemark.query.analysis;

import java.util.Locale;

/** Which way is better for a metric. */
public enum Direction {
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER;

  /**
   * The direction a metric name suggests: throughput-like names (containing {@code throughput},
   * {@code ops}, {@code rps}, {@code qps}, {@code per_second}, {@code score}) are higher-is-better,
   * everything else (latency, durations, sizes, errors) lower-is-better.
   */
  public static Direction guess(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    for (String hint : new String[] {"throughput", "ops", "rps", "qps", "per_second", "score"}) {
      if (m.contains(hint)) {
        return HIGHER_IS_BETTER;
      }
    }
    return LOWER_IS_BETTER;
  }
}
