package dev.tidemark.query.analysis;

import java.util.Locale;

/** Which way is better for a metric. */
public enum Direction {
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER;

  private static final java.util.Set<String> HIGHER_WORDS =
      java.util.Set.of("throughput", "ops", "rps", "qps", "tps", "score", "hits", "bandwidth");

  /**
   * The direction a metric name suggests: names with a throughput-like word between separators
   * ({@code _ . : -}), such as {@code bench_ops}, {@code http_rps}, {@code cache_hits} or {@code
   * throughput_mb}, or ending in {@code per_second}, are higher-is-better; everything else
   * (latency, durations, sizes, errors, drops) lower-is-better.
   */
  public static Direction guess(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (m.endsWith("per_second") || m.endsWith("per_sec")) {
      return HIGHER_IS_BETTER;
    }
    for (String word : m.split("[_.:\\-]")) {
      if (HIGHER_WORDS.contains(word)) {
        return HIGHER_IS_BETTER;
      }
    }
    return LOWER_IS_BETTER;
  }
}
