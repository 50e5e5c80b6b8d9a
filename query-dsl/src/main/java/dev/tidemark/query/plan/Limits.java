package dev.tidemark.query.plan;

import java.time.Duration;

/**
 * Bounds that keep one query from taking the server down.
 *
 * @param maxBuckets most buckets per series a query may ask for
 * @param maxSeries most series one fetch or one result may hold
 * @param maxPoints most points all fetches of one query may return together
 * @param timeout wall-clock budget of one evaluation
 * @param autoPoints the number of buckets {@code step auto} aims at (at most)
 */
public record Limits(
    int maxBuckets, int maxSeries, long maxPoints, Duration timeout, int autoPoints) {

  /** 11,000 buckets, 1,000 series, 5M points, 30 s, auto step aiming at 500 buckets. */
  public static Limits defaults() {
    return new Limits(11_000, 1_000, 5_000_000L, Duration.ofSeconds(30), 500);
  }
}
