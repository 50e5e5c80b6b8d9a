package dev.tidemark.query.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.source.Tier;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.DurationText;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierChooserTest {

  static final List<Tier> TIERS =
      List.of(
          Tier.raw(Duration.ofDays(14)),
          Tier.rollup("1m", Duration.ofMinutes(1), Duration.ofDays(30)),
          Tier.rollup("5m", Duration.ofMinutes(5), Duration.ofDays(90)),
          Tier.rollup("1h", Duration.ofHours(1), Duration.ofDays(365)),
          Tier.forever("1d", Duration.ofDays(1)));

  static final Instant NOW = Instant.parse("2026-03-30T12:00:00Z");

  @ParameterizedTest(name = "step {0} in {1} over the last {2} (raw only: {3}) → {4}")
  @CsvSource({
    "1m,  UTC,           1d,   false, 1m",
    "5m,  UTC,           1d,   false, 5m",
    "15m, UTC,           1d,   false, 5m",
    "7m,  UTC,           1d,   false, 1m",
    "90s, UTC,           1d,   false, raw",
    "1h,  UTC,           7d,   false, 1h",
    "2h,  UTC,           30d,  false, 1h",
    "24h, UTC,           30d,  false, 1d",
    "1d,  UTC,           30d,  false, 1d",
    "1d,  Europe/Berlin, 30d,  false, 1h",
    "1d,  Asia/Kolkata,  30d,  false, 5m",
    "1d,  Asia/Kolkata,  120d, false, 5m",
    "1w,  UTC,           60d,  false, 1d",
    "1w,  Europe/Berlin, 60d,  false, 1h",
    "5m,  UTC,           200d, false, 5m",
    "1h,  UTC,           400d, false, 1h",
    "1m,  UTC,           60d,  false, 1m",
    "1m,  UTC,           2d,   true,  raw",
    "1h,  UTC,           7d,   true,  raw",
  })
  void choosesTheCoarsestAlignedTierWhoseRetentionCoversTheStart(
      String step, String zone, String range, boolean rawOnly, String expected) {
    Step s =
        step.equals("1d")
            ? Step.day()
            : step.equals("1w") ? Step.week() : Step.fixed(DurationText.parse(step).orElseThrow());
    Bucketing b = Bucketing.of(s, ZoneId.of(zone));
    Instant rawFrom = NOW.minus(DurationText.parse(range).orElseThrow());
    Instant from = Instant.ofEpochMilli(b.startOf(rawFrom.toEpochMilli()));
    Instant to = Instant.ofEpochMilli(b.next(b.startOf(NOW.toEpochMilli() - 1)));
    assertThat(TierChooser.choose(TIERS, b, from, to, NOW, rawOnly).name()).isEqualTo(expected);
  }
}
