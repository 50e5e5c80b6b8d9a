package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Health, readiness, metrics, auth and routing errors of a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsHttpTest {
  static final String WRITER = "writer-token-0123456789";
  static final String READER = "reader-token-0123456789";

  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(Map.of(ConfigKey.AUTH_TOKENS, WRITER + ":write+read," + READER + ":read"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void healthAndReadinessNeedNoToken() {
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = http.get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("ready");
  }

  @Test
  void metricsAndBuildinfoNameTheCommitThisTreeIsAt() throws Exception {
    String revision =
        new JsonObject(
                http.get("/api/v1/status/buildinfo", "Authorization", "Bearer " + READER).body())
            .getJsonObject("data")
            .getString("revision");
    Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
    String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (git.waitFor() == 0) {
      assertThat(revision).as("built from this checkout").isEqualTo(head);
    } else {
      assertThat(revision).as("a build outside git").isEqualTo("unknown");
    }
    assertThat(http.get("/metrics").body())
        .contains("# TYPE tidemark_build_info gauge")
        .containsPattern(
            "tidemark_build_info\\{version=\"[^\"]+\",revision=\""
                + revision
                + "\",branch=\"[^\"]*\",dirty=\"(true|false)\",java=\"[0-9][^\"]*\"\\} 1");
  }

  @Test
  void metricsArePrometheusText() {
    http.get("/health");
    HttpResponse<String> r = http.get("/metrics");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body())
        .contains("# TYPE tidemark_http_requests_total counter")
        .contains("tidemark_http_requests_total{route=\"/health\",method=\"GET\",code=\"200\"}")
        .contains("# TYPE tidemark_storage_write_seconds summary")
        .contains("tidemark_series_cache_entries")
        .contains("\ntidemark_promql_samples_held 0.0\n")
        .containsPattern("\ntidemark_promql_samples_budget [0-9.]+E7\n"); // a third of 1 GB
  }

  @Test
  void writesNeedAWriteToken() {
    byte[] body =
        ("{\"agent\":\"a\",\"batch\":1,\"samples\":[{\"metric\":\"auth_m\",\"ts\":"
                + System.currentTimeMillis()
                + ",\"value\":1}]}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> none = http.post("/api/v1/ingest", "application/json", body);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(
            http.post(
                    "/api/v1/ingest",
                    "application/json",
                    body,
                    "Authorization",
                    "Bearer wrong-token-000000000")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> readOnly =
        http.post("/api/v1/ingest", "application/json", body, "Authorization", "Bearer " + READER);
    assertThat(readOnly.statusCode()).isEqualTo(403);
    assertThat(readOnly.body()).contains("lacks the write scope").doesNotContain(READER);
    assertThat(
            http.post(
                    "/api/v1/ingest", "application/json", body, "Authorization", "Bearer " + WRITER)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void readsNeedAReadToken() {
    assertThat(http.get("/api/series").statusCode()).isEqualTo(401);
    assertThat(http.get("/api/series", "Authorization", "Bearer " + READER).statusCode())
        .isEqualTo(200);
    assertThat(http.get("/api/retention", "Authorization", "Bearer " + READER).statusCode())
        .isEqualTo(200);
    assertThat(
            http.put("/api/retention", "{\"raw\":\"10d\"}", "Authorization", "Bearer " + READER)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void badReadParametersAreNamed() {
    String auth = "Bearer " + READER;
    assertThat(http.get("/api/series/x/points", "Authorization", auth).body())
        .contains("id \\\"x\\\" is not a number");
    HttpResponse<String> tier = http.get("/api/series/1/points?tier=7m", "Authorization", auth);
    assertThat(tier.statusCode()).isEqualTo(400);
    assertThat(tier.body()).contains("unknown tier 7m");
    assertThat(http.get("/api/series/1/points?from=yesterday", "Authorization", auth).body())
        .contains("neither epoch milliseconds nor ISO-8601");
    assertThat(http.get("/api/series/1/histogram?q=1.5", "Authorization", auth).body())
        .contains("quantile \\\"1.5\\\" is not in [0, 1]");
  }

  @Test
  void unknownRoutesGet404WithAMessage() {
    HttpResponse<String> r = http.get("/nope");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(r.body()).getString("error"))
        .isEqualTo("cannot route request: no endpoint GET /nope");
  }
}
