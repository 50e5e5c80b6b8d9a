package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of the two releases: regressions, dependencies, drift, deltas and scores. */
class ReleasesHttpTest extends TwoReleasesHttpTest {
  @Test
  void flagsExactlyTheRegressedOperationAsBlocking() {
    JsonArray regressed = comparison.getJsonArray("regressed_operations");
    assertThat(regressed).hasSize(1);
    JsonObject r = regressed.getJsonObject(0);
    assertThat(r.getString("operation")).isEqualTo("checkout");
    assertThat(r.getDouble("delta_pct")).isBetween(7.0, 13.0);
    assertThat(r.getDouble("p_value")).isLessThan(0.001);
    assertThat(r.getBoolean("critical")).isTrue();
    assertThat(comparison.getJsonArray("improved_operations")).isEmpty();
    assertThat(comparison.getInteger("blocking_regressions")).isEqualTo(1);
    assertThat(comparison.getString("risk_level")).isEqualTo("critical");
    assertThat(comparison.getString("recommendation")).isEqualTo("block");
    List<String> verdicts = new ArrayList<>();
    comparison
        .getJsonObject("performance")
        .getJsonArray("metrics")
        .forEach(
            o ->
                verdicts.add(
                    ((JsonObject) o).getString("operation")
                        + "="
                        + ((JsonObject) o).getString("verdict")));
    assertThat(verdicts)
        .containsExactlyInAnyOrder(
            "checkout=REGRESSION", "login=NO_CHANGE", "search=NO_CHANGE", "pay=NO_CHANGE");
  }

  @Test
  void dependencyChangesCarryTheirSemverLevel() {
    JsonObject deps = comparison.getJsonObject("dependencies");
    assertThat(changes(deps.getJsonArray("upgraded")))
        .containsExactlyInAnyOrder(
            "maven:org.slf4j:slf4j-api 2.0.9->2.0.12 patch",
            "maven:com.fasterxml.jackson.core:jackson-core 2.15.2->2.17.0 minor",
            "maven:com.google.guava:guava 31.1-jre->32.1.3-jre major",
            "pypi:requests 2.31.0->2.32.3 minor",
            "go:golang.org/x/text v0.13.0->v0.14.0 minor");
    assertThat(changes(deps.getJsonArray("downgraded")))
        .containsExactlyInAnyOrder(
            "npm:express 5.0.0->4.18.2 major", "npm:lodash 4.17.21->4.17.20 patch");
    assertThat(names(deps.getJsonArray("added")))
        .containsExactlyInAnyOrder(
            "maven:org.apache.commons:commons-lang3", "pypi:flask", "go:github.com/google/uuid");
    assertThat(names(deps.getJsonArray("removed"))).containsExactly("maven:junit:junit");
  }

  @Test
  void driftRanksLagAndTheMissingLockFile() {
    JsonObject drift = comparison.getJsonObject("drift");
    List<String> items = new ArrayList<>();
    drift
        .getJsonArray("items")
        .forEach(
            o -> {
              JsonObject d = (JsonObject) o;
              items.add(
                  d.getString("name")
                      + " "
                      + d.getString("version")
                      + " behind "
                      + d.getString("newest")
                      + " "
                      + d.getString("severity"));
            });
    assertThat(items)
        .containsExactlyInAnyOrder(
            "express 4.18.2 behind 5.0.0 high", "lodash 4.17.20 behind 4.17.21 low");
    assertThat(drift.getJsonArray("lock_missing")).hasSize(1);
    assertThat(drift.getJsonArray("lock_missing").getJsonObject(0).getString("detail"))
        .contains("flask");
    assertThat(drift.getInteger("high")).isEqualTo(2);
    assertThat(drift.getInteger("low")).isEqualTo(1);
  }

  @Test
  void testsCoverageSecurityAndEnvironmentDeltas() {
    JsonObject tests = comparison.getJsonObject("tests");
    JsonObject cand = tests.getJsonObject("candidate");
    assertThat(cand.getInteger("passed")).isEqualTo(2);
    assertThat(cand.getInteger("failed")).isEqualTo(1);
    assertThat(cand.getInteger("flaky")).isEqualTo(1);
    assertThat(cand.getInteger("skipped")).isEqualTo(1);
    assertThat(tests.getJsonArray("newly_failing")).containsExactly("shop.CartTest#totals");
    assertThat(tests.getJsonObject("coverage").getDouble("line_delta_pct")).isEqualTo(-15.0);
    assertThat(comparison.getJsonObject("security").getJsonObject("counts").getInteger("high"))
        .isEqualTo(1);
    assertThat(comparison.getJsonArray("environment_changes"))
        .containsExactly(
            new JsonObject()
                .put("key", "jvm")
                .put("baseline", "17.0.9")
                .put("candidate", "17.0.10"));
  }

  @Test
  void bothScoreProfilesExplainEveryDeduction() {
    JsonArray scores = comparison.getJsonArray("quality_scores");
    assertThat(scores).hasSize(2);
    for (Object o : scores) {
      JsonObject s = (JsonObject) o;
      double sum = 0;
      for (Object c : s.getJsonArray("breakdown")) {
        JsonObject cat = (JsonObject) c;
        double deducted = 0;
        for (Object d : cat.getJsonArray("deductions")) {
          assertThat(((JsonObject) d).getString("reason")).isNotBlank();
          deducted += ((JsonObject) d).getDouble("points");
        }
        assertThat(cat.getDouble("points"))
            .isCloseTo(
                Math.max(0, cat.getDouble("weight") - deducted),
                org.assertj.core.data.Offset.offset(0.11));
        sum += cat.getDouble("points");
      }
      assertThat(s.getDouble("score")).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.11));
    }
    JsonObject release = scores.getJsonObject(0);
    assertThat(release.getString("profile")).isEqualTo("release");
    assertThat(release.getJsonArray("breakdown").getJsonObject(0).encode())
        .contains("bench_latency_ms{operation=checkout} regressed by");
    assertThat(scores.getJsonObject(1).getString("profile")).isEqualTo("service-quality");
    assertThat(comparison.getJsonObject("quality_score").getString("grade"))
        .isIn("A", "B", "C", "D", "F");
  }

  @Test
  void releasesSnapshotsAndComparisonsReadBack() {
    JsonArray releases =
        new JsonObject(http.get("/api/releases?service=shop").body()).getJsonArray("releases");
    assertThat(releases)
        .extracting(o -> ((JsonObject) o).getString("version"))
        .containsExactly("v1.0.0", "v1.1.0");
    JsonObject v2 = new JsonObject(http.get("/api/releases/v1.1.0?service=shop").body());
    assertThat(v2.getString("commit")).isEqualTo("c0ffee-v2");
    assertThat(v2.getString("baseline")).isEqualTo("v1.0.0");
    long snapshot = v2.getJsonArray("snapshots").getJsonObject(0).getLong("id");
    JsonObject env = new JsonObject(http.get("/api/environment/" + snapshot).body());
    assertThat(env.getJsonObject("environment").getString("jvm")).isEqualTo("17.0.10");
    JsonObject deps = new JsonObject(http.get("/api/dependencies/" + snapshot).body());
    assertThat(deps.getJsonArray("dependencies").encode())
        .contains("\"name\":\"lodash\",\"version\":\"4.17.20\",\"checksum\":\"sha512-");
    JsonObject metrics =
        new JsonObject(http.get("/api/releases/v1.1.0/metrics?service=shop").body());
    assertThat(metrics.getJsonArray("metrics"))
        .extracting(
            o ->
                ((JsonObject) o).getString("metric")
                    + "/"
                    + ((JsonObject) o).getString("operation")
                    + "="
                    + ((JsonObject) o).getLong("runs"))
        .containsExactly(
            "bench_latency_ms/checkout=30",
            "bench_latency_ms/login=30",
            "bench_latency_ms/search=30",
            "pay_latency/pay=20");
    long id = comparison.getLong("id");
    assertThat(
            new JsonObject(http.get("/api/comparisons/" + id).body())
                .getJsonArray("regressed_operations"))
        .hasSize(1);
    JsonArray listed =
        new JsonObject(http.get("/api/comparisons?service=shop").body())
            .getJsonArray("comparisons");
    assertThat(listed.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("id") == id))
        .singleElement()
        .satisfies(o -> assertThat(o.getString("recommendation")).isEqualTo("block"));
    assertThat(http.get("/api/comparisons/999999").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/comparisons/abc").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/environment/999999").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/releases/v9.9.9").statusCode()).isEqualTo(404);
  }

  private static List<String> changes(JsonArray rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(
        o -> {
          JsonObject d = (JsonObject) o;
          out.add(
              d.getString("ecosystem")
                  + ":"
                  + d.getString("name")
                  + " "
                  + d.getString("from")
                  + "->"
                  + d.getString("to")
                  + " "
                  + d.getString("level"));
        });
    return out;
  }

  private static List<String> names(JsonArray rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(
        o ->
            out.add(
                ((JsonObject) o).getString("ecosystem")
                    + ":"
                    + ((JsonObject) o).getString("name")));
    return out;
  }
}
