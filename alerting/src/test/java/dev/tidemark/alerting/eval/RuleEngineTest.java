package dev.tidemark.alerting.eval;

import static dev.tidemark.alerting.eval.Harness.MIN;
import static dev.tidemark.alerting.eval.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.alerting.rules.RuleGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  static final String GROUP =
      """
      name: errors
      rules:
        - alert: HighErrors
          expr: errors > 5
          for: 2m
          labels:
            severity: page
          annotations:
            summary: "{{ $labels.job }} has {{ $value }} errors in {{ $externalLabels.env }}"
      """;

  @Test
  void pendingThenFiringThenResolvedWithAlertsSeriesAndNotifications() {
    try (Harness h = new Harness(new MemoryStore())) {
      RuleGroup g = h.put(GROUP);
      for (int m = 0; m <= 4; m++) {
        h.add("errors", Map.of("job", "api"), T0 + m * MIN - 1000, 10);
      }
      h.eval(g, T0);
      Alert a = only(h.engine.group(g.key()).runner().alerts());
      assertThat(a.state()).isEqualTo(AlertState.PENDING);
      assertThat(a.labels())
          .isEqualTo(Map.of("alertname", "HighErrors", "job", "api", "severity", "page"));
      assertThat(a.annotations()).containsEntry("summary", "api has 10 errors in test");
      assertThat(h.written)
          .extracting(OutputSample::metric, s -> s.labels().get("alertstate"), OutputSample::value)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("ALERTS", "pending", 1.0),
              org.assertj.core.groups.Tuple.tuple("ALERTS_FOR_STATE", null, T0 / 1000.0));
      assertThat(h.toAlertmanager).isEmpty();

      h.clear();
      h.eval(g, T0 + MIN);
      assertThat(only(h.engine.group(g.key()).runner().alerts()).state())
          .isEqualTo(AlertState.PENDING);
      h.eval(g, T0 + 2 * MIN);
      Alert firing = only(h.engine.group(g.key()).runner().alerts());
      assertThat(firing.state()).isEqualTo(AlertState.FIRING);
      assertThat(firing.activeAt()).isEqualTo(T0);
      assertThat(firing.firedAt()).isEqualTo(T0 + 2 * MIN);
      assertThat(only(h.toAlertmanager).validUntil()).isEqualTo(T0 + 2 * MIN + 4 * MIN);
      assertThat(only(h.toWebhooks).state()).isEqualTo(AlertState.FIRING);
      // the pending series ends with a staleness marker when the firing one starts
      assertThat(h.written)
          .anySatisfy(
              s -> {
                assertThat(s.stale()).isTrue();
                assertThat(s.labels()).containsEntry("alertstate", "pending");
              });

      h.clear();
      h.eval(g, T0 + 3 * MIN); // sent exactly one minute ago: Prometheus resends strictly after
      assertThat(h.toAlertmanager).isEmpty();
      h.eval(g, T0 + 3 * MIN + 1);
      assertThat(h.toAlertmanager).hasSize(1);
      h.eval(g, T0 + 4 * MIN);
      assertThat(h.toAlertmanager).hasSize(1);
      assertThat(h.toWebhooks).as("webhooks hear of a firing alert once").isEmpty();

      h.clear();
      h.add("errors", Map.of("job", "api"), T0 + 5 * MIN - 1000, 1);
      h.eval(g, T0 + 5 * MIN);
      Alert resolved = only(h.toAlertmanager);
      assertThat(resolved.resolved()).isTrue();
      assertThat(resolved.resolvedAt()).isEqualTo(T0 + 5 * MIN);
      assertThat(only(h.toWebhooks).resolved()).isTrue();
      assertThat(h.written).allSatisfy(s -> assertThat(s.stale()).isTrue()).hasSize(2);

      h.clear();
      h.eval(g, T0 + 6 * MIN);
      assertThat(h.toWebhooks).isEmpty();
      h.eval(g, T0 + 21 * MIN); // resolved alerts are kept 15 minutes, then dropped
      assertThat(h.engine.group(g.key()).runner().alerts()).isEmpty();
    }
  }

  @Test
  void aRestartWhileFiringKeepsTheAlertAndSendsNothingNew() throws Exception {
    MemoryStore store = new MemoryStore();
    try (Harness h = new Harness(store)) {
      RuleGroup g = h.put(GROUP);
      for (int m = 0; m <= 10; m++) {
        h.add("errors", Map.of("job", "api"), T0 + m * MIN - 1000, 10);
      }
      h.eval(g, T0);
      h.eval(g, T0 + 2 * MIN);
      assertThat(h.toWebhooks).hasSize(1);
    }
    try (Harness h = new Harness(store)) {
      for (int m = 0; m <= 10; m++) {
        h.add("errors", Map.of("job", "api"), T0 + m * MIN - 1000, 10);
      }
      h.engine.loadState();
      RuleGroup g = h.put(GROUP);
      Alert restored = only(h.engine.group(g.key()).runner().alerts());
      assertThat(restored.state()).isEqualTo(AlertState.FIRING);
      h.eval(g, T0 + 2 * MIN + 30_000);
      Alert a = only(h.engine.group(g.key()).runner().alerts());
      assertThat(a.activeAt()).isEqualTo(T0);
      assertThat(a.firedAt()).isEqualTo(T0 + 2 * MIN);
      assertThat(h.toWebhooks).isEmpty();
      assertThat(h.toAlertmanager).isEmpty();
      h.eval(g, T0 + 3 * MIN + 1); // the resend pace carries over the restart too
      assertThat(h.toAlertmanager).hasSize(1);
    }
  }

  @Test
  void pendingAlertsSurviveARestartWithoutWaitingForAgain() throws Exception {
    MemoryStore store = new MemoryStore();
    try (Harness h = new Harness(store)) {
      RuleGroup g = h.put(GROUP);
      h.add("errors", Map.of("job", "api"), T0 - 1000, 10);
      h.eval(g, T0);
    }
    try (Harness h = new Harness(store)) {
      h.engine.loadState();
      RuleGroup g = h.put(GROUP);
      h.add("errors", Map.of("job", "api"), T0 + 2 * MIN - 1000, 10);
      h.eval(g, T0 + 2 * MIN);
      assertThat(only(h.engine.group(g.key()).runner().alerts()).state())
          .isEqualTo(AlertState.FIRING);
    }
  }

  @Test
  void keepFiringForHoldsAFiringAlert() {
    try (Harness h = new Harness(new MemoryStore())) {
      RuleGroup g =
          h.put(
              """
              name: flappy
              rules:
                - alert: Flap
                  expr: up == 0
                  keep_firing_for: 3m
              """);
      h.add("up", Map.of("job", "a"), T0 - 1000, 0);
      h.eval(g, T0);
      assertThat(only(h.engine.group(g.key()).runner().alerts()).state())
          .isEqualTo(AlertState.FIRING);
      h.add("up", Map.of("job", "a"), T0 + MIN - 1000, 1);
      h.eval(g, T0 + MIN);
      h.eval(g, T0 + 3 * MIN);
      assertThat(only(h.engine.group(g.key()).runner().alerts()).state())
          .isEqualTo(AlertState.FIRING);
      h.eval(g, T0 + 4 * MIN);
      assertThat(only(h.engine.group(g.key()).runner().alerts()).resolved()).isTrue();
    }
  }

  @Test
  void recordingRulesWriteRenamedSeriesAndFailuresAreReported() {
    try (Harness h = new Harness(new MemoryStore())) {
      RuleGroup g =
          h.put(
              """
              name: rec
              rules:
                - record: job:errors:sum
                  expr: sum by (job) (errors)
                  labels:
                    source: rule
                - record: bad:dup
                  expr: errors
                  labels:
                    host: same
                - alert: TooMany
                  expr: errors > 0
              """);
      h.add("errors", Map.of("job", "api", "host", "a"), T0 - 1000, 2);
      h.add("errors", Map.of("job", "api", "host", "b"), T0 - 1000, 3);
      GroupRunner.Result r = h.eval(g, T0);
      assertThat(h.written)
          .filteredOn(s -> s.metric().equals("job:errors:sum"))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.value()).isEqualTo(5.0);
                assertThat(s.labels())
                    .isEqualTo(
                        Map.of("__name__", "job:errors:sum", "job", "api", "source", "rule"));
              });
      assertThat(r.failures()).isEqualTo(1);
      RuleStatus dup = h.engine.group(g.key()).runner().rules().get(1).status();
      assertThat(dup.health()).isEqualTo("err");
      assertThat(dup.lastError()).contains("same labelset");
      assertThat(h.engine.group(g.key()).runner().rules().get(2).status().health()).isEqualTo("ok");
      assertThat(h.engine.group(g.key()).stats().failures()).isEqualTo(1);
    }
  }

  @Test
  void dslRulesAlertOnTheLastValueOfEachFrame() {
    try (Harness h = new Harness(new MemoryStore())) {
      RuleGroup g =
          h.put(
              """
              name: dsl
              rules:
                - alert: LowScore
                  language: dsl
                  expr: score{service="checkout"} last 1h
              """);
      h.add("score", Map.of("service", "checkout"), T0 - 30 * MIN, 90);
      h.add("score", Map.of("service", "checkout"), T0 - 10 * MIN, 70);
      h.eval(g, T0);
      Alert a = only(h.engine.group(g.key()).runner().alerts());
      assertThat(a.value()).isEqualTo(70.0);
      assertThat(a.labels()).containsEntry("service", "checkout");
    }
  }

  @Test
  void replacingAGroupKeepsTheStateOfItsRules() {
    try (Harness h = new Harness(new MemoryStore())) {
      RuleGroup g = h.put(GROUP);
      h.add("errors", Map.of("job", "api"), T0 - 1000, 10);
      h.eval(g, T0);
      RuleGroup again = h.put(GROUP.replace("severity: page", "severity: ticket"));
      assertThat(only(h.engine.group(again.key()).runner().alerts()).activeAt()).isEqualTo(T0);
      assertThat(h.engine.remove(again.key())).isTrue();
      assertThat(h.store.byRule).isEmpty();
      assertThat(h.engine.groups()).isEmpty();
    }
  }

  private static Alert only(List<Alert> alerts) {
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }
}
