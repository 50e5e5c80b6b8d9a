package dev.tidemark.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesWithJitterUpToTheMaximumAndResets() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(b.nextDelayMs(null)).isBetween(50L, 100L);
    assertThat(b.nextDelayMs(null)).isBetween(100L, 200L);
    assertThat(b.nextDelayMs(null)).isBetween(200L, 400L);
    for (int i = 0; i < 40; i++) {
      assertThat(b.nextDelayMs(null)).isBetween(0L, 1000L);
    }
    assertThat(b.nextDelayMs(null)).isBetween(500L, 1000L);
    b.reset();
    assertThat(b.nextDelayMs(null)).isBetween(50L, 100L);
  }

  @Test
  void honoursRetryAfter() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(b.nextDelayMs(Duration.ofSeconds(5))).isBetween(5000L, 5100L);
  }
}
