package dev.tidemark.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordLineTest {
  @Test
  void parsesTypeMetricValueAndLabels() {
    RecordLine r = RecordLine.parse("latency  checkout_latency 1532 op=checkout route=/a", 1);
    assertThat(r)
        .isEqualTo(
            new RecordLine(
                "latency", "checkout_latency", "1532", Map.of("op", "checkout", "route", "/a")));
    assertThat(RecordLine.parse("  # comment", 2)).isNull();
    assertThat(RecordLine.parse("", 3)).isNull();
  }

  @Test
  void refusesBadLinesWithTheLineNumber() {
    assertThatThrownBy(() -> RecordLine.parse("timer x 1", 4))
        .hasMessageStartingWith(
            "cannot parse record line 4: type must be latency, counter or gauge");
    assertThatThrownBy(() -> RecordLine.parse("gauge x NaN", 5))
        .hasMessageStartingWith("cannot parse record line 5: gauge value must be a finite number");
    assertThatThrownBy(() -> RecordLine.parse("counter 9x 1", 6))
        .hasMessageContaining("metric name");
    assertThatThrownBy(() -> RecordLine.parse("counter x 1 =y", 7)).hasMessageContaining("label");
    assertThatThrownBy(() -> RecordLine.parse("latency x", 8))
        .hasMessageContaining("expected TYPE METRIC VALUE");
  }

  @Test
  void appliesToTheRecording() {
    Recording rec = new Recording(Map.of("host", "h1"), 10);
    RecordLine.parse("counter jobs_total 3", 1).applyTo(rec, "us");
    RecordLine.parse("counter jobs_total 4", 2).applyTo(rec, "us");
    assertThat(rec.counter("jobs_total", Map.of()).total()).isEqualTo(7);
    assertThat(rec.size()).isEqualTo(1);
  }

  @Test
  void boundsTheNumberOfSeries() {
    Recording rec = new Recording(Map.of(), 2);
    rec.gauge("a", Map.of());
    rec.gauge("b", Map.of());
    assertThatThrownBy(() -> rec.gauge("c", Map.of()))
        .hasMessageContaining("too many series [max=2]");
  }
}
