package dev.tidemark.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsWhatPeopleWrite() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("3y")).isEqualTo(Duration.ofDays(3 * 365));
  }

  /** {@code PUT /api/retention {"1h":"9999999999999999d"}} answered 500 from an overflow. */
  @Test
  void overflowIsAnErrorThatSaysSo() {
    for (String text : new String[] {"9999999999999999d", "99999999999999999999s", "1000000y"}) {
      assertThatThrownBy(() -> Durations.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("longer than the limit");
    }
  }
}
