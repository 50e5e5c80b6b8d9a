package dev.tidemark.server.releases;

import static dev.tidemark.server.releases.ReleaseFixtures.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.releases.gate.Gate;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate as CI runs it: fails on "block" with no flags, takes floors, reuses an unchanged
 * comparison, names what went wrong; and the scores a snapshot answers with and keeps as a series.
 */
class GateFloorsHttpTest extends TwoReleasesHttpTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int gate(String... args) {
    out.reset();
    err.reset();
    List<String> all = new ArrayList<>(List.of("gate", "--server", url(), "--service", "shop"));
    all.addAll(List.of(args));
    return Gate.run(
        all.toArray(String[]::new),
        Map.of(),
        new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
        new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String url() {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  void withNoFlagsABlockedReleaseFails() {
    assertThat(comparison.getString("recommendation")).isEqualTo("block");
    assertThat(gate("--release", "v1.1.0")).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("FAILED")
        .contains("recommendation is block (risk critical)")
        .contains("1 regression(s) on critical operations");
  }

  @Test
  void floorsFailWithTheirReasonsAndMissingEvidenceFailsAFloor() {
    int code =
        gate(
            "--release",
            "v1.1.0",
            "--fail-on",
            "never",
            "--min-score",
            "service-quality=101",
            "--min-coverage",
            "80",
            "--max-vulnerabilities",
            "critical=0,high=0",
            "--min-policy",
            "100",
            "--operation-threshold",
            "checkout=3,pay=3");
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("service-quality score ")
        .contains("is under the floor 101.0")
        .contains("line coverage 75.0% is under the floor 80.0%")
        .contains("high-severity vulnerabilit")
        .contains("is under the floor 100.0%")
        .contains("bench_latency_ms{operation=checkout} is ")
        .doesNotContain("operation=pay} is")
        .doesNotContain("recommendation is");

    assertThat(
            gate(
                "--release",
                "v1.1.0",
                "--fail-on",
                "never",
                "--min-coverage",
                "70",
                "--operation-threshold",
                "pay=3"))
        .as(out.toString())
        .isZero();

    // v1.0.0's snapshot has no vulnerability scan: a vulnerability floor cannot pass it
    assertThat(gate("--release", "v1.0.0", "--baseline", "v1.1.0", "--max-vulnerabilities", "0"))
        .isEqualTo(1);
    assertThat(out.toString()).contains("no vulnerability scan in the candidate's snapshot");
    assertThat(out.toString()).contains("missing evidence (scored 0): security");
  }

  @Test
  void anUnchangedComparisonIsReusedNotStoredAgain() {
    assertThat(gate("--release", "v1.1.0", "--json")).isEqualTo(1);
    JsonObject first = new JsonObject(out.toString().strip()).getJsonObject("comparison");
    assertThat(gate("--release", "v1.1.0", "--json")).isEqualTo(1);
    JsonObject second = new JsonObject(out.toString().strip()).getJsonObject("comparison");
    assertThat(second.getBoolean("reused")).isTrue();
    assertThat(second.getLong("id")).isEqualTo(first.getLong("id"));
    assertThat(gate("--release", "v1.1.0", "--json", "--no-reuse")).isEqualTo(1);
    JsonObject third = new JsonObject(out.toString().strip()).getJsonObject("comparison");
    assertThat(third.getBoolean("reused")).isFalse();
    assertThat(third.getLong("id")).isGreaterThan(first.getLong("id"));
    assertThat(third.getString("input_digest")).isEqualTo(first.getString("input_digest"));
  }

  @Test
  void errorsNameTheProblem() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    out.reset();
    err.reset();
    int code =
        Gate.run(
            new String[] {
              "gate",
              "--server",
              "http://127.0.0.1:" + closed,
              "--service",
              "shop",
              "--release",
              "v"
            },
            Map.of(),
            new PrintStream(out, true),
            new PrintStream(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("cannot reach server http://127.0.0.1:" + closed + ": connection refused")
        .doesNotContain("null");
    assertThat(gate("--release", "v9.9.9")).isEqualTo(2);
    assertThat(err.toString()).contains("server answered 404").contains("snapshot it");
    assertThat(gate("--release", "v1.1.0", "--min-score", "fast=80")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot parse --min-score fast=80: no profile fast");
    assertThat(gate("--release", "v1.1.0", "--max-vulnerabilities", "severe=0")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown severity severe");
  }

  @Test
  void aSnapshotAnswersWithItsScoreAndScoresAreKeptAsASeries() throws Exception {
    HttpResponse<String> s =
        postJson(
            http, "/api/releases/v1.2.0/snapshot", ReleaseFixtures.snapshotBody("v2", "v1.1.0"));
    assertThat(s.statusCode()).as(s.body()).isEqualTo(201);
    JsonObject quality = new JsonObject(s.body()).getJsonObject("quality");
    assertThat(quality.getString("baseline")).isEqualTo("v1.1.0");
    // v1.2.0 has no runs yet: no performance evidence, so no approval and 40 points unearned
    assertThat(quality.getJsonArray("missing_evidence").getList()).contains("performance");
    assertThat(quality.getString("recommendation")).isNotEqualTo("approve");
    assertThat(quality.getJsonObject("quality_score").getDouble("score")).isLessThanOrEqualTo(60);

    HttpResponse<String> first =
        postJson(http, "/api/releases/v1.0.0/snapshot", ReleaseFixtures.snapshotBody("v1", null));
    assertThat(new JsonObject(first.body()).getJsonObject("quality").getString("note"))
        .contains("no baseline");

    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    HttpResponse<String> q =
        http.get(
            "/api/v1/query?query="
                + java.net.URLEncoder.encode(
                    "tidemark_release_quality_score{release=\"v1.2.0\"}",
                    java.nio.charset.StandardCharsets.UTF_8));
    assertThat(q.statusCode()).as(q.body()).isEqualTo(200);
    assertThat(q.body())
        .contains("\"profile\":\"release\"")
        .contains("\"profile\":\"service-quality\"");
  }
}
