package dev.tidemark.server.releases;

import static dev.tidemark.server.releases.ReleaseFixtures.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two releases of a service through HTTP: benchmark runs with a known 10% regression in one
 * operation, fixture snapshots in four ecosystems, then the comparison and its score.
 */
class ReleasesHttpTest {
  static Tidemark server;
  static Http http;
  static JsonObject comparison;

  @BeforeAll
  static void twoReleases() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.RELEASES_CRITICAL_OPERATIONS, "checkout"));
    http = new Http(server.port());
    long now = System.currentTimeMillis();
    ReleaseFixtures.ingestRuns(http, "v1.0.0", null, 1.0, 1, now - 3_600_000);
    ReleaseFixtures.ingestRuns(http, "v1.1.0", "checkout", 1.10, 2, now - 1_800_000);
    ReleaseFixtures.ingestHistograms(http, "v1.0.0", 3, now - 3_000_000);
    ReleaseFixtures.ingestHistograms(http, "v1.1.0", 4, now - 1_200_000);
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    HttpResponse<String> s1 =
        postJson(http, "/api/releases/v1.0.0/snapshot", ReleaseFixtures.snapshotBody("v1", null));
    assertThat(s1.statusCode()).as(s1.body()).isEqualTo(201);
    HttpResponse<String> s2 =
        postJson(
            http, "/api/releases/v1.1.0/snapshot", ReleaseFixtures.snapshotBody("v2", "v1.0.0"));
    assertThat(s2.statusCode()).as(s2.body()).isEqualTo(201);
    HttpResponse<String> c =
        postJson(
            http,
            "/api/comparisons",
            new JsonObject().put("service", "shop").put("candidate", "v1.1.0"));
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    comparison = new JsonObject(c.body());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

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

  @Test
  void aMalformedFileIsRefusedByNameAndLineAndNothingIsStored() {
    JsonObject body = ReleaseFixtures.snapshotBody("v2", null);
    JsonArray artifacts = body.getJsonArray("artifacts");
    String lock = ReleaseFixtures.resource("releases/shop/v2/package-lock.json");
    artifacts.add(
        new JsonObject()
            .put("name", "web/package-lock.json")
            .put("content", lock.substring(0, lock.length() / 2)));
    HttpResponse<String> r = postJson(http, "/api/releases/v2.0.0/snapshot", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error"))
        .startsWith("cannot parse web/package-lock.json: malformed JSON")
        .containsPattern("line=\\d+");
    assertThat(http.get("/api/releases/v2.0.0?service=shop").statusCode()).isEqualTo(404);

    JsonObject bad =
        new JsonObject()
            .put("service", "shop")
            .put(
                "artifacts",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "requirements.txt")
                            .put("content", "requests==2.0\n???\n")));
    HttpResponse<String> r2 = postJson(http, "/api/releases/v2.0.0/snapshot", bad);
    assertThat(r2.statusCode()).isEqualTo(400);
    assertThat(r2.body()).contains("cannot parse requirements.txt").contains("line=2");
    assertThat(postJson(http, "/api/releases/v2.0.0/snapshot", new JsonObject()).statusCode())
        .isEqualTo(400);
    assertThat(http.get("/api/releases/v2.0.0?service=shop").statusCode()).isEqualTo(404);
  }

  @Test
  void gateFailsOnTheBlockingRegressionAndPassesWithout() {
    String url = "http://127.0.0.1:" + server.port();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.tidemark.server.releases.gate.Gate.run(
            new String[] {"gate", "--server", url, "--service", "shop", "--release", "v1.1.0"},
            Map.of(),
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("shop v1.0.0 → v1.1.0: FAILED")
        .contains("1 blocking regression(s) on critical operations")
        .contains("bench_latency_ms checkout: +")
        .contains("/report");

    out.reset();
    code =
        dev.tidemark.server.releases.gate.Gate.run(
            new String[] {
              "gate",
              "--server",
              url,
              "--service",
              "shop",
              "--release",
              "v1.0.0",
              "--baseline",
              "v1.1.0",
              "--json"
            },
            Map.of(),
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));
    assertThat(code).as(err.toString()).isZero();
    JsonObject json = new JsonObject(out.toString().strip());
    assertThat(json.getBoolean("passed")).isTrue();
    assertThat(
            json.getJsonObject("comparison")
                .getJsonArray("improved_operations")
                .getJsonObject(0)
                .getString("operation"))
        .isEqualTo("checkout");

    out.reset();
    code =
        dev.tidemark.server.releases.gate.Gate.run(
            new String[] {
              "gate",
              "--server",
              url,
              "--service",
              "shop",
              "--release",
              "v1.0.0",
              "--baseline",
              "v1.1.0",
              "--min-score",
              "100.5"
            },
            Map.of(),
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("is under the floor 100.5");
    assertThat(
            dev.tidemark.server.releases.gate.Gate.run(
                new String[] {"gate", "--release", "x"},
                Map.of(),
                new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true)))
        .isEqualTo(2);
  }

  @Test
  void reportIsOneSelfContainedPageThatRendersInChromium(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    String path = "/api/comparisons/" + comparison.getLong("id") + "/report";
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.body())
        .contains("<svg")
        .contains("bench_latency_ms {operation=checkout}")
        .doesNotContain("<script")
        .doesNotContainPattern("(src|href)=\"https?:");

    java.util.Optional<java.nio.file.Path> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.err.println(
          "SKIPPED chromium rendering: /usr/bin/chromium is not installed"
              + " (.ci/run installs Debian's chromium)");
      org.junit.jupiter.api.Assumptions.abort("chromium is not installed");
    }
    String url = "http://127.0.0.1:" + server.port() + path;
    java.nio.file.Path shot = tmp.resolve("report.png");
    HeadlessChromium.Result s =
        HeadlessChromium.run(
            chromium.get(),
            tmp.resolve("profile1"),
            "--screenshot=" + shot,
            "--window-size=1280,2000",
            url);
    assertThat(shot).as(s.stderr()).exists().isNotEmptyFile();
    java.nio.file.Files.copy( // kept for people and CI artifacts to look at
        shot,
        java.nio.file.Path.of("target", "releases-report.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    HeadlessChromium.Result dom =
        HeadlessChromium.run(
            chromium.get(),
            tmp.resolve("profile2"),
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            url);
    assertThat(dom.stdout()).contains("bench_latency_ms {operation=checkout}").contains("<svg");
    assertThat(dom.stderr()).doesNotContain(":CONSOLE(").doesNotContain("Failed to load resource");
  }

  @Test
  void multipartSnapshotDetectsEachFileByNameAndContent() {
    String boundary = "----tidemark-test-boundary";
    StringBuilder b = new StringBuilder();
    b.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"commit\"\r\n\r\nabc123\r\n");
    for (String f : List.of("go.sum", "requirements.txt", "jacoco.xml", "environment.json")) {
      b.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
          .append(f)
          .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
          .append(ReleaseFixtures.resource("releases/shop/v1/" + f))
          .append("\r\n");
    }
    b.append("--").append(boundary).append("--\r\n");
    HttpResponse<String> r =
        http.post(
            "/api/releases/v0.9.0/snapshot?service=multipart",
            "multipart/form-data; boundary=" + boundary,
            b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject snap = new JsonObject(r.body());
    assertThat(snap.getInteger("dependencies")).isEqualTo(5);
    assertThat(snap.getJsonObject("coverage").getDouble("line_pct")).isEqualTo(90.0);
    assertThat(snap.getJsonArray("artifacts").encode())
        .contains(
            "\"kind\":\"go_sum\"",
            "\"kind\":\"pip_requirements\"",
            "\"kind\":\"jacoco_xml\"",
            "\"kind\":\"environment_json\"");
    JsonObject release = new JsonObject(http.get("/api/releases/v0.9.0?service=multipart").body());
    assertThat(release.getString("commit")).isEqualTo("abc123");
    long id = release.getJsonArray("snapshots").getJsonObject(0).getLong("id");
    assertThat(
            new JsonObject(http.get("/api/environment/" + id).body())
                .getJsonObject("environment")
                .getString("jvm"))
        .isEqualTo("17.0.9");

    JsonObject other = new JsonObject().put("service", "other").put("artifacts", new JsonArray());
    assertThat(postJson(http, "/api/releases/v0.9.0/snapshot", other).statusCode()).isEqualTo(201);
    HttpResponse<String> ambiguous = http.get("/api/releases/v0.9.0");
    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(ambiguous.body())
        .contains("several services have it; add ?service= [services=multipart,other]");
  }

  @Test
  void snapshotsNeedTheWriteScopeAndRespectTheirBodyLimit() throws Exception {
    try (Tidemark secured =
        TestServer.start(
            Map.of(
                ConfigKey.AUTH_TOKENS, "reader-token-0123456:read,writer-token-0123456:read+write",
                ConfigKey.RELEASES_BODY_LIMIT, "2KiB"))) {
      Http h = new Http(secured.port());
      byte[] body =
          new JsonObject()
              .put("service", "s")
              .put("artifacts", new JsonArray())
              .encode()
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(h.post("/api/releases/v1/snapshot", "application/json", body).statusCode())
          .isEqualTo(401);
      assertThat(
              h.post(
                      "/api/releases/v1/snapshot",
                      "application/json",
                      body,
                      "Authorization",
                      "Bearer reader-token-0123456")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              h.post(
                      "/api/releases/v1/snapshot",
                      "application/json",
                      body,
                      "Authorization",
                      "Bearer writer-token-0123456")
                  .statusCode())
          .isEqualTo(201);
      assertThat(
              h.get("/api/releases", "Authorization", "Bearer reader-token-0123456").statusCode())
          .isEqualTo(200);
      HttpResponse<String> big =
          h.post(
              "/api/releases/v2/snapshot",
              "application/json",
              new byte[4096],
              "Authorization",
              "Bearer writer-token-0123456");
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).contains("releases.body.limit [maxBytes=2048]");
    }
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
