package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Times and steps as Prometheus reads them, through a grammar whose cost is bounded. */
class PromParamsTest {

  @Test
  void readsUnixSecondsAndRfc3339() {
    assertThat(PromParams.time("time", "1500000000", 0)).isEqualTo(1_500_000_000_000L);
    assertThat(PromParams.time("time", "1.5e9", 0)).isEqualTo(1_500_000_000_000L);
    assertThat(PromParams.time("time", "1500000000.1239", 0)).isEqualTo(1_500_000_000_123L);
    assertThat(PromParams.time("time", "-1.5", 0)).isEqualTo(-1500L);
    assertThat(PromParams.time("time", "2017-07-14T02:40:00Z", 0)).isEqualTo(1_500_000_000_000L);
    assertThat(PromParams.time("time", null, 42)).isEqualTo(42);
    assertThat(PromParams.step("15s")).isEqualTo(15_000);
    assertThat(PromParams.step("0.5")).isEqualTo(500);
  }

  @Test
  void hugeExponentsLongDigitsAndOverflowAreRefused() {
    for (String text :
        new String[] {
          "1e100000000", "1e-100000000", "1e1000", "9".repeat(65), "1e17", "NaN", "Inf", "0x10"
        }) {
      assertThatThrownBy(() -> PromParams.time("time", text, 0))
          .as(text)
          .isInstanceOf(PromParams.BadParam.class)
          .hasMessageContaining("cannot parse parameter \"time\"");
    }
    assertThatThrownBy(() -> PromParams.step("1e999999")).hasMessageContaining("valid duration");
    assertThatThrownBy(() -> PromParams.step("99999999999999y")).hasMessageContaining("\"step\"");
    assertThatThrownBy(() -> PromParams.step("-1")).hasMessageContaining("positive");
  }
}
