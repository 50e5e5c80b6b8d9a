package dev.tidemark.releases.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A clean release scores 100 in both profiles; each problem costs what the profile says. */
class ScoreProfilesTest {
  @Test
  void aCleanReleaseLosesNothing() {
    for (ScoreProfile p : ScoreProfile.builtIn()) {
      JsonObject s = QualityScore.of(p, new ScoreInput(comparison(new JsonArray(), 0, 85.0)));
      assertThat(s.getDouble("score")).as(p.name()).isEqualTo(100.0);
      assertThat(s.getString("grade")).isEqualTo("A");
    }
  }

  @Test
  void deductionsAreExplainedAndAddUp() {
    JsonArray regressions =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("metric", "bench_latency_ms")
                    .put("operation", "search")
                    .put("delta_pct", 8.0)
                    .put("p_value", 0.001)
                    .put("critical", false));
    JsonObject s =
        QualityScore.of(new ReleaseProfile(), new ScoreInput(comparison(regressions, 2, 60.0)));
    // performance −13 (5 + 8%), testing −8 (two failures) −5 (coverage 20 points under 80%)
    assertThat(s.getDouble("score")).isEqualTo(74.0);
    assertThat(s.getString("grade")).isEqualTo("C");
    assertThat(s.getJsonArray("breakdown").encode())
        .contains("bench_latency_ms{operation=search} regressed by 8.0% (p=0.0010)")
        .contains("2 failing test(s)")
        .contains("line coverage 60.0% is under 80%");
    JsonObject q =
        QualityScore.of(
            new ServiceQualityProfile(), new ScoreInput(comparison(regressions, 2, 60.0)));
    // coverage −6.3 (6.25, deductions are shown to one decimal), policy −10 (two failures),
    // stability −4 (one regression)
    assertThat(q.getDouble("score")).isEqualTo(79.7);
  }

  private static JsonObject comparison(JsonArray regressions, int failed, double coverage) {
    return new JsonObject()
        .put(
            "performance",
            new JsonObject()
                .put("regressed_operations", regressions)
                .put("needs_more_runs", new JsonArray()))
        .put(
            "drift",
            new JsonObject().put("items", new JsonArray()).put("lock_missing", new JsonArray()))
        .put("dependencies", new JsonObject().put("downgraded", new JsonArray()))
        .put(
            "tests",
            new JsonObject()
                .put("candidate", new JsonObject().put("failed", failed).put("flaky", 0))
                .put(
                    "coverage",
                    new JsonObject().put("candidate", new JsonObject().put("line_pct", coverage))))
        .put("security", new JsonObject().put("counts", new JsonObject()));
  }
}
