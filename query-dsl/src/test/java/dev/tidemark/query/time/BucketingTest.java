package dev.tidemark.query.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BucketingTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void fixedStepsAlignToTheEpochWhateverTheZone() {
    Bucketing b = Bucketing.of(Step.fixed(Duration.ofMinutes(5)), BERLIN);
    assertThat(b.startOf(ms("2026-03-29T01:03:59Z"))).isEqualTo(ms("2026-03-29T01:00:00Z"));
    assertThat(b.startOf(ms("2026-03-29T01:05:00Z"))).isEqualTo(ms("2026-03-29T01:05:00Z"));
    assertThat(b.next(ms("2026-03-29T01:05:00Z"))).isEqualTo(ms("2026-03-29T01:10:00Z"));
    Bucketing h7 = Bucketing.of(Step.fixed(Duration.ofMinutes(7)), UTC);
    assertThat(h7.startOf(ms("1970-01-01T00:13:00Z"))).isEqualTo(ms("1970-01-01T00:07:00Z"));
    assertThat(h7.startOf(-1)).isEqualTo(-7 * 60_000);
  }

  @Test
  void springForwardDayInBerlinIs23Hours() {
    Bucketing day = Bucketing.of(Step.day(), BERLIN);
    long start = day.startOf(ms("2026-03-29T12:00:00Z"));
    assertThat(start).isEqualTo(ms("2026-03-28T23:00:00Z"));
    assertThat(day.next(start)).isEqualTo(ms("2026-03-29T22:00:00Z"));
    assertThat(Duration.ofMillis(day.next(start) - start)).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void fallBackDayInBerlinIs25Hours() {
    Bucketing day = Bucketing.of(Step.day(), BERLIN);
    long start = day.startOf(ms("2026-10-25T12:00:00Z"));
    assertThat(start).isEqualTo(ms("2026-10-24T22:00:00Z"));
    assertThat(Duration.ofMillis(day.next(start) - start)).isEqualTo(Duration.ofHours(25));
    // the repeated hour 02:00–03:00 local belongs to the same day bucket both times
    assertThat(day.startOf(ms("2026-10-25T00:30:00Z"))).isEqualTo(start);
    assertThat(day.startOf(ms("2026-10-25T01:30:00Z"))).isEqualTo(start);
  }

  @Test
  void leapDayIsItsOwnBucket() {
    Bucketing day = Bucketing.of(Step.day(), UTC);
    long feb29 = day.startOf(ms("2028-02-29T13:00:00Z"));
    assertThat(feb29).isEqualTo(ms("2028-02-29T00:00:00Z"));
    assertThat(day.next(feb29)).isEqualTo(ms("2028-03-01T00:00:00Z"));
    assertThat(day.next(day.startOf(ms("2028-02-28T01:00:00Z")))).isEqualTo(feb29);
    Bucketing berlinDay = Bucketing.of(Step.day(), BERLIN);
    assertThat(berlinDay.startOf(ms("2028-02-29T23:30:00Z"))).isEqualTo(ms("2028-02-29T23:00:00Z"));
  }

  @Test
  void weeksStartMondayLocalMidnight() {
    Bucketing week = Bucketing.of(Step.week(), BERLIN);
    // Sunday 2026-03-29 (DST start) belongs to the week starting Monday 2026-03-23, 00:00 CET
    long start = week.startOf(ms("2026-03-29T20:00:00Z"));
    assertThat(start).isEqualTo(ms("2026-03-22T23:00:00Z"));
    long next = week.next(start);
    assertThat(next).isEqualTo(ms("2026-03-29T22:00:00Z"));
    assertThat(Duration.ofMillis(next - start)).isEqualTo(Duration.ofHours(7 * 24 - 1));
  }

  @Test
  void dayBucketsInAHalfHourZone() {
    Bucketing day = Bucketing.of(Step.day(), ZoneId.of("Asia/Kolkata"));
    assertThat(day.startOf(ms("2026-01-01T20:00:00Z"))).isEqualTo(ms("2026-01-01T18:30:00Z"));
  }
}
