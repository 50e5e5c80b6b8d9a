package dev.tidemark.query.time;

import dev.tidemark.query.time.impl.CalendarBucketing;
import dev.tidemark.query.time.impl.FixedBucketing;
import java.time.ZoneId;

/**
 * Maps an instant (epoch milliseconds, UTC) to the start of its bucket. Buckets are half-open:
 * {@code [start, next(start))}.
 *
 * <ul>
 *   <li>Fixed steps: {@code start = floorDiv(t, width) * width}, i.e. aligned to the Unix epoch;
 *       the zone is ignored. SQL: {@code date_bin(width, ts, '1970-01-01T00:00:00Z')} or {@code
 *       time_bucket(width, ts, origin => '1970-01-01T00:00:00Z')}.
 *   <li>{@code 1d}: local midnight of the day containing {@code t} in the zone, to the next local
 *       midnight (23h or 25h on daylight-saving days). SQL: {@code date_trunc('day', ts, zone)}.
 *   <li>{@code 1w}: Monday 00:00 local time of the ISO week containing {@code t}. SQL: {@code
 *       date_trunc('week', ts, zone)}.
 * </ul>
 */
public interface Bucketing {

  /** Start (epoch ms) of the bucket containing {@code epochMillis}. */
  long startOf(long epochMillis);

  /** Start of the bucket after the one starting at {@code bucketStart}. */
  long next(long bucketStart);

  Step step();

  ZoneId zone();

  /** The bucketing for a step in a zone (the zone matters only for calendar steps). */
  static Bucketing of(Step step, ZoneId zone) {
    if (step instanceof Step.Fixed) {
      return new FixedBucketing((Step.Fixed) step, zone);
    }
    return new CalendarBucketing((Step.Calendar) step, zone);
  }
}
