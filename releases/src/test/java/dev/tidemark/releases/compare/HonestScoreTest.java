package dev.tidemark.releases.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.security.Vulnerability;
import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A category without evidence earns nothing and the release cannot be approved. */
class HonestScoreTest {

  private static ComparisonInput input(
      StoredSnapshot candidate, Map<String, double[]> base, Map<String, double[]> cand) {
    return new ComparisonInput(
        "shop",
        "v1",
        "v2",
        null,
        candidate,
        base,
        cand,
        Map.of(),
        CriticalOperations.parse("", List.of()),
        5,
        0.05,
        List.of("AGPL-3.0*"));
  }

  private static Map<String, double[]> runs(long seed, double level) {
    Random r = new Random(seed);
    double[] x = new double[30];
    for (int i = 0; i < x.length; i++) {
      x[i] = level * (1 + 0.02 * r.nextGaussian());
    }
    return Map.of(Runs.key("checkout_latency_ms", "checkout"), x);
  }

  private static StoredSnapshot snapshot(boolean scan, List<Vulnerability> vulns) {
    JsonArray artifacts = new JsonArray().add(new JsonObject().put("kind", "junit_xml"));
    if (scan) {
      artifacts.add(new JsonObject().put("kind", "osv_json"));
    }
    return new StoredSnapshot(
        7,
        "2026-01-01T00:00:00Z",
        null,
        new JsonObject().put("total", 10).put("failed", 0).put("flaky", 0),
        new JsonObject().put("line_pct", 90.0),
        new JsonArray(),
        artifacts,
        List.of(
            new dev.tidemark.releases.deps.Dependency(
                "maven", "io.vertx:vertx-core", "5.0.12", null, "compile", "pom.xml")),
        vulns,
        List.of());
  }

  @Test
  void noEvidenceAtAllScoresNothingAndIsNotApproved() {
    JsonObject c = Comparison.compute(input(null, Map.of(), Map.of()));
    for (Object o : c.getJsonArray("quality_scores")) {
      JsonObject s = (JsonObject) o;
      assertThat(s.getDouble("score")).as(s.getString("profile")).isZero();
      assertThat(s.getString("grade")).isEqualTo("F");
      assertThat(s.getJsonArray("missing_evidence")).isNotEmpty();
    }
    assertThat(c.getJsonObject("evidence").getJsonArray("missing").getList())
        .containsExactly("performance", "dependencies", "tests", "coverage", "security");
    // nothing shows the release is bad: review, not approve and not block
    assertThat(c.getString("recommendation")).isEqualTo("review");
    assertThat(c.getJsonArray("risk_reasons").encode()).contains("no evidence of performance");
  }

  @Test
  void aScanThatFoundNothingIsEvidenceNoScanIsNot() {
    JsonObject scanned =
        Comparison.compute(input(snapshot(true, List.of()), runs(1, 100), runs(2, 100)));
    assertThat(scanned.getJsonObject("quality_score").getDouble("score")).isEqualTo(100.0);
    assertThat(scanned.getString("recommendation")).isEqualTo("approve");

    JsonObject unscanned =
        Comparison.compute(input(snapshot(false, List.of()), runs(1, 100), runs(2, 100)));
    JsonObject score = unscanned.getJsonObject("quality_score");
    assertThat(score.getDouble("score")).isEqualTo(80.0);
    assertThat(score.getJsonArray("missing_evidence").getList()).containsExactly("security");
    assertThat(unscanned.getString("recommendation")).isEqualTo("review");
  }

  @Test
  void withoutPerformanceDataTheScoreCannotRiseAboveWhatWasChecked() {
    JsonObject c = Comparison.compute(input(snapshot(true, List.of()), Map.of(), Map.of()));
    assertThat(c.getJsonObject("quality_score").getDouble("score")).isEqualTo(60.0);
    assertThat(c.getJsonObject("quality_score").getJsonArray("missing_evidence").getList())
        .containsExactly("performance");
    assertThat(c.getString("recommendation")).isEqualTo("review");
  }

  @Test
  void evidenceOfFailureStillBlocks() {
    List<Vulnerability> critical =
        List.of(
            new Vulnerability("GHSA-1", "io.vertx:vertx-core", "5.0.12", "critical", "x", "osv"),
            new Vulnerability("GHSA-2", "io.vertx:vertx-core", "5.0.12", "critical", "y", "osv"));
    JsonObject c = Comparison.compute(input(snapshot(true, critical), Map.of(), Map.of()));
    assertThat(c.getString("recommendation")).isEqualTo("block");
  }
}
