package dev.tidemark.server.storage.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierPlanTest {
  static TierPlan plan(String spec) {
    return TierPlan.parse(spec, Duration.ofHours(1), Duration.ofDays(2));
  }

  @Test
  void parsesTiersAndRefreshWindows() {
    TierPlan p = plan("raw:14d,1m:30d,1h:1y,1d:forever");
    assertThat(p.retention())
        .containsExactly(
            Map.entry("raw", "14d"),
            Map.entry("1m", "30d"),
            Map.entry("1h", "365d"),
            Map.entry("1d", "forever"));
    Tier hour = p.tier("1h").orElseThrow();
    assertThat(p.refreshStart(hour)).isEqualTo(Duration.ofHours(4));
    assertThat(p.refreshEnd(hour)).isEqualTo(Duration.ofHours(1));
    assertThat(p.sourceOf(hour).name()).isEqualTo("1m");
  }

  @Test
  void refusesBrokenShapes() {
    assertThatThrownBy(() -> plan("1m:1d")).hasMessageContaining("the first tier must be raw");
    assertThatThrownBy(() -> plan("raw:14d,7x:1d")).hasMessageContaining("is not a width like 1m");
    assertThatThrownBy(() -> plan("raw:14d,5m:30d,7m:30d")).hasMessageContaining("rule 1");
    assertThatThrownBy(() -> plan("raw:14d,1h:30d,1m:30d")).hasMessageContaining("not a multiple");
    assertThatThrownBy(() -> plan("raw")).hasMessageContaining("is not <tier>:<retention>");
  }

  @Test
  void refusesRetentionThatReachesIntoARefreshWindow() {
    assertThatThrownBy(() -> plan("raw:1h,1m:30d"))
        .hasMessage(
            "cannot set retention: raw=1h would drop raw data inside the refresh window of tier 1m"
                + " [start_offset=1h3m] (rule 2: keep raw longer than 1h3m)");
    assertThatThrownBy(() -> plan("raw:14d,1m:30d,1d:forever").withRetention(Map.of("1m", "2d")))
        .hasMessageContaining(
            "1m=2d would drop 1m data inside the refresh window of tier 1d [start_offset=3d1h]");
    assertThat(plan("raw:2h,1m:30d").raw().retentionText()).isEqualTo("2h");
  }

  @Test
  void refusesCompressionInsideTheFirstRefreshWindow() {
    assertThatThrownBy(
            () -> TierPlan.parse("raw:14d,1m:30d", Duration.ofHours(1), Duration.ofMinutes(30)))
        .hasMessageContaining(
            "compression must start after the refresh window of tier 1m [start_offset=1h3m] (rule 3)");
  }
}
