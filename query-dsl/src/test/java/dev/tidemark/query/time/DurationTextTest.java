package dev.tidemark.query.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void parsesSimpleAndCompoundDurations() {
    assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
    assertThat(DurationText.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(DurationText.parse("2w")).contains(Duration.ofDays(14));
    assertThat(DurationText.parse("250ms")).contains(Duration.ofMillis(250));
    assertThat(DurationText.parse("5")).isEmpty();
    assertThat(DurationText.parse("5x")).isEmpty();
    assertThat(DurationText.parse("m")).isEmpty();
    assertThat(DurationText.parse("99999999999999999999d")).isEmpty();
  }

  @Test
  void formatsShortest() {
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(DurationText.format(Duration.ofDays(8))).isEqualTo("1w1d");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
  }
}
