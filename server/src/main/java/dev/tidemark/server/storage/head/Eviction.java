package dev.tidemark.server.storage.head;

import java.util.Collection;

/** Where to move the head's start so that at most a number of points remain. */
final class Eviction {
  private Eviction() {}

  /**
   * The earliest cutoff after which at most {@code target} points remain, found by bisection over
   * time (each step counts from the chunks' bounds, without decoding).
   */
  static long cutoffFor(Collection<SeriesSamples> series, long target) {
    long lo = Long.MAX_VALUE;
    for (SeriesSamples s : series) {
      lo = Math.min(lo, s.earliest());
    }
    if (lo == Long.MAX_VALUE) {
      return Long.MIN_VALUE;
    }
    long hi = Long.MAX_VALUE / 2; // a cutoff past every point: nothing remains
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (remaining(series, mid) <= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static long remaining(Collection<SeriesSamples> series, long cutoff) {
    long n = 0;
    for (SeriesSamples s : series) {
      n += s.remainingAfter(cutoff);
    }
    return n;
  }
}
