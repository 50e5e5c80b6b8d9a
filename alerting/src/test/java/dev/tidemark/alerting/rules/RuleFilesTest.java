package dev.tidemark.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleFilesTest {
  static final Duration MINUTE = Duration.ofMinutes(1);

  static final String FILE =
      """
      groups:
        - name: latency
          interval: 30s
          rules:
            - record: job:http_requests:rate5m
              expr: sum by (job) (rate(http_requests_total[5m]))
              labels:
                team: web
            - alert: HighLatency
              expr: job:http_latency:p99 > 0.5
              for: 10m
              keep_firing_for: 5m
              labels:
                severity: "{{ $labels.job }}-page"
              annotations:
                summary: "p99 of {{ $labels.job }} is {{ $value | humanize }}s"
        - name: releases
          rules:
            - alert: ScoreDrop
              language: dsl
              expr: last(tidemark_release_quality_score) by (service) last 1h
      """;

  @Test
  void readsGroupsAndRules() {
    List<RuleGroup> groups = RuleFiles.parse("a.yml", FILE, MINUTE);
    assertThat(groups).extracting(RuleGroup::name).containsExactly("latency", "releases");
    RuleGroup g = groups.get(0);
    assertThat(g.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(groups.get(1).interval()).isEqualTo(MINUTE);
    RecordingRule rec = (RecordingRule) g.rules().get(0);
    assertThat(rec.name()).isEqualTo("job:http_requests:rate5m");
    assertThat(rec.expr().language()).isEqualTo(Language.PROMQL);
    AlertingRule alert = (AlertingRule) g.rules().get(1);
    assertThat(alert.forDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(alert.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
    assertThat(alert.annotations().get("summary").expand(Map.of("job", "api"), 1234.5, Map.of()))
        .isEqualTo("p99 of api is 1.234ks");
    assertThat(alert.labels().get("severity").expand(Map.of("job", "api"), 0, Map.of()))
        .isEqualTo("api-page");
    assertThat(groups.get(1).rules().get(0).expr().language()).isEqualTo(Language.DSL);
    assertThat(g.source()).startsWith("name: latency").contains("HighLatency");
  }

  @Test
  void errorsNameLineAndColumn() {
    assertError(
        FILE.replace("keep_firing_for", "keep_fring_for"), "unknown key \"keep_fring_for\"", 12, 9);
    // the 'bogus(' call: column of the expr value plus the offset PromQL reports
    assertError(
        FILE.replace("job:http_latency:p99 > 0.5", "job:http_latency:p99 > bogus(1)"),
        "cannot parse PromQL expr",
        10,
        -1);
    assertError(FILE.replace("for: 10m", "for: ten"), "for is not a duration: \"ten\"", 11, 14);
    assertError(
        FILE.replace("$value | humanize", "$value | shout"), "unknown function shout", 16, -1);
    assertError(
        FILE.replace("name: releases", "name: latency"),
        "group \"latency\" is defined more than once",
        17,
        5);
    assertError(
        FILE.replace("        labels:\n          team: web", "        for: 1m"),
        "a recording rule cannot have for",
        -1,
        -1);
    assertError("groups:\n  - name: x\n    rules: [\n", "not YAML", 4, -1);
    assertError(
        FILE.replace("language: dsl", "language: sql"), "language must be promql or dsl", 20, 19);
    assertError(
        FILE.replace("last(tidemark_release_quality_score) by (service) last 1h", "last(( by"),
        "cannot parse DSL expr",
        21,
        -1);
    assertError(
        FILE.replace("sum by (job) (rate(http_requests_total[5m]))", "http_requests_total[5m]"),
        "a rule must return an instant vector or a scalar",
        6,
        -1);
  }

  @Test
  void positionOfAnExpressionErrorPointsAtTheCharacter() {
    String text = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == = 1\n";
    RuleException e = catchRule(text);
    // "expr: " starts the value at column 11; PromQL reports the second '=' (offset 6)
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(11 + 6);
    String block =
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      up ==\n        = 1\n";
    RuleException b = catchRule(block);
    assertThat(b.line()).isEqualTo(7);
    assertThat(b.column()).isEqualTo(9);
  }

  @Test
  void oneGroupForTheApi() {
    RuleGroup g =
        RuleFiles.parseGroup(
            "api", "name: g\ninterval: 15s\nrules:\n- alert: Up\n  expr: up == 0\n", MINUTE);
    assertThat(g.name()).isEqualTo("g");
    assertThat(g.key()).isEqualTo("api;g");
    assertThatThrownBy(() -> RuleFiles.parseGroup("api", "interval: 1m\n", MINUTE))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("a group needs a name");
  }

  @Test
  void randomAndTruncatedInputOnlyEverFailsAsARuleException() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      String text;
      if (i % 2 == 0) {
        text = FILE.substring(0, random.nextInt(FILE.length()));
      } else {
        char[] c = FILE.toCharArray();
        for (int k = 0; k < 3; k++) {
          c[random.nextInt(c.length)] = (char) (32 + random.nextInt(95));
        }
        text = new String(c);
      }
      try {
        RuleFiles.parse("f.yml", text, MINUTE);
      } catch (RuleException e) {
        assertThat(e.getMessage()).startsWith("cannot parse rule file: ");
      }
    }
  }

  private static RuleException catchRule(String text) {
    try {
      RuleFiles.parse("f.yml", text, MINUTE);
    } catch (RuleException e) {
      return e;
    }
    throw new AssertionError("expected a rule error for:\n" + text);
  }

  private static void assertError(String text, String message, int line, int column) {
    RuleException e = catchRule(text);
    assertThat(e.getMessage()).contains(message).contains("[file=f.yml");
    if (line > 0) {
      assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    }
    if (column > 0) {
      assertThat(e.column()).as(e.getMessage()).isEqualTo(column);
    }
  }
}
