package dev.tidemark.traces.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplingPolicyTest {
  static Span span(String traceId, String service, long durationNanos, int status) {
    return new Span(
        traceId,
        "00000000000000f1",
        null,
        service,
        "op",
        2,
        1,
        durationNanos,
        status,
        "",
        null,
        Map.of(),
        Map.of(),
        List.of());
  }

  @Test
  void headProbabilityIsKeptPerServiceAndTheSameForEverySpanOfATrace() {
    SamplingPolicy p = SamplingPolicy.parse("checkout=0.25,*=1", Duration.ofSeconds(1));
    Random random = new Random(1);
    int kept = 0;
    for (int i = 0; i < 4000; i++) {
      String id = String.format("%016x%016x", random.nextLong(), random.nextLong());
      boolean first = p.decide(span(id, "checkout", 1000, 0)).kept();
      assertThat(p.decide(span(id, "checkout", 2000, 0)).kept()).isEqualTo(first);
      kept += first ? 1 : 0;
      assertThat(p.decide(span(id, "other", 1000, 0))).isEqualTo(SamplingPolicy.Decision.KEPT);
    }
    assertThat(kept).isBetween(880, 1120); // 25% of 4000, within about 4 standard deviations
  }

  @Test
  void tailRulesKeepErrorsAndSlowSpans() {
    SamplingPolicy p = SamplingPolicy.parse("*=0", Duration.ofMillis(500));
    String id = "0123456789abcdef0123456789abcdef";
    assertThat(p.decide(span(id, "a", 1000, 0))).isEqualTo(SamplingPolicy.Decision.SAMPLED_OUT);
    assertThat(p.decide(span(id, "a", 1000, 2))).isEqualTo(SamplingPolicy.Decision.KEPT_ERROR);
    assertThat(p.decide(span(id, "a", 500_000_000L, 0)))
        .isEqualTo(SamplingPolicy.Decision.KEPT_SLOW);
    assertThatThrownBy(() -> SamplingPolicy.parse("a=2", Duration.ZERO))
        .hasMessageContaining("probability must be in [0, 1]");
  }
}
