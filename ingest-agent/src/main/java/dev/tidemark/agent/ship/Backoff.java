package dev.tidemark.agent.ship;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time in [d/2, d]
 * with d = min(max, initial * 2^n). A server's Retry-After wins when it is given.
 */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private int failures;

  Backoff(Duration initial, Duration max) {
    this.initialMs = initial.toMillis();
    this.maxMs = Math.max(initialMs, max.toMillis());
  }

  /** The delay before the next try, after one more failure. */
  long nextDelayMs(Duration retryAfter) {
    int n = Math.min(failures++, 30);
    if (retryAfter != null) {
      return retryAfter.toMillis() + ThreadLocalRandom.current().nextLong(0, 1 + initialMs);
    }
    long d = Math.min(maxMs, initialMs << n);
    return d / 2 + ThreadLocalRandom.current().nextLong(0, d / 2 + 1);
  }

  void reset() {
    failures = 0;
  }
}
