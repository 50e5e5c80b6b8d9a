package dev.tidemark.alerting.notify;

import java.time.Duration;

/**
 * Retry policy: up to {@code attempts} tries, waiting {@code initial}, doubling, at most {@code
 * max}.
 */
public record Backoff(int attempts, Duration initial, Duration max) {
  public static final Backoff DEFAULT =
      new Backoff(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  /** The wait before try {@code n + 1} after {@code n} failed tries (n ≥ 1). */
  public long delayMillis(int n) {
    long d = initial.toMillis() << Math.min(20, n - 1);
    return Math.min(d, max.toMillis());
  }
}
