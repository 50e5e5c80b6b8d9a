package dev.tidemark.query.time;

import java.time.Duration;

/**
 * The width of result buckets. A {@link Fixed} step is a fixed number of milliseconds aligned to
 * the Unix epoch (UTC); {@link Calendar} steps ({@code 1d}, {@code 1w}) follow local midnights of a
 * time zone, so a daylight-saving day is 23 or 25 hours long.
 */
public sealed interface Step {

  /** Nominal width (a calendar day counts as 24h here); used for sizing, never for alignment. */
  Duration nominal();

  /** Fixed-width buckets aligned to 1970-01-01T00:00Z. */
  static Step fixed(Duration width) {
    if (width.isNegative() || width.isZero()) {
      throw new IllegalArgumentException(
          "cannot create step: width must be positive [width=" + width + "]");
    }
    return new Fixed(width);
  }

  /** Local calendar days (midnight to midnight). */
  static Step day() {
    return new Calendar(CalendarUnit.DAY);
  }

  /** ISO weeks, Monday 00:00 local time to the next Monday. */
  static Step week() {
    return new Calendar(CalendarUnit.WEEK);
  }

  /** Fixed epoch-aligned width. */
  record Fixed(Duration width) implements Step {
    @Override
    public Duration nominal() {
      return width;
    }

    @Override
    public String toString() {
      return DurationText.format(width);
    }
  }

  /** Zone-aligned calendar buckets. */
  record Calendar(CalendarUnit unit) implements Step {
    @Override
    public Duration nominal() {
      return unit == CalendarUnit.DAY ? Duration.ofDays(1) : Duration.ofDays(7);
    }

    @Override
    public String toString() {
      return unit == CalendarUnit.DAY ? "1d" : "1w";
    }
  }

  /** Calendar units a step can follow. */
  enum CalendarUnit {
    DAY,
    WEEK
  }
}
