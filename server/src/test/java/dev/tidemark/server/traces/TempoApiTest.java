package dev.tidemark.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The requests Grafana's Tempo datasource sends (its Go backend asks for a trace by id with {@code
 * Accept: application/protobuf} and {@code start}/{@code end} in seconds; its query editor asks for
 * tags, tag values and TraceQL searches), replayed against a running server; and head sampling with
 * its tail rules, counted in {@code /metrics}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoApiTest {
  Tidemark server;
  Http http;
  long now = System.currentTimeMillis() * 1_000_000L;

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                ConfigKey.TRACES_SAMPLING, "noisy=0,*=1", ConfigKey.TRACES_SAMPLING_SLOW, "500ms"));
    http = new Http(server.port());
    Span root =
        new Span(
            "0000000000000000000000000000abcd",
            "00000000000000a1",
            null,
            "shop",
            "GET /cart",
            2,
            now,
            250_000_000L,
            0,
            "",
            "v2.0.0",
            Map.of("http.method", "GET", "http.status", 200L),
            Map.of("service.name", "shop", "deployment.environment", "prod"),
            List.of());
    Span child =
        new Span(
            "0000000000000000000000000000abcd",
            "00000000000000a2",
            "00000000000000a1",
            "db",
            "SELECT cart",
            3,
            now + 1_000_000,
            20_000_000L,
            2,
            "timeout",
            "v2.0.0",
            Map.of("db.system", "postgresql"),
            Map.of("service.name", "db"),
            List.of());
    server.storage().writer().write(new Batch(null, 0, List.of(), List.of(), List.of(root, child)));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  JsonObject json(String path) {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  @Test
  void answersGrafanasTempoRequests() {
    assertThat(http.get("/api/echo").body()).isEqualTo("echo");
    assertThat(json("/api/status/buildinfo").getString("version")).startsWith("2.");
    long s = now / 1_000_000_000L;
    assertThat(
            http.get(
                    "/api/traces/abcd?start=" + (s - 60) + "&end=" + (s + 60),
                    "Accept",
                    "application/protobuf")
                .statusCode())
        .isEqualTo(200);
    assertThat(http.get("/api/traces/0000000000000000000000000000ffff").statusCode())
        .isEqualTo(404);
    JsonObject v2 = json("/api/v2/traces/0000000000000000000000000000abcd");
    assertThat(v2.getJsonObject("trace").getJsonArray("resourceSpans")).hasSize(2);

    JsonObject scopes = json("/api/v2/search/tags?scope=all&start=" + (s - 3600) + "&end=" + s);
    assertThat(scopes.encode())
        .contains(
            "\"name\":\"resource\"",
            "deployment.environment",
            "\"name\":\"span\"",
            "http.method",
            "\"name\":\"intrinsic\"");
    assertThat(json("/api/search/tags").getJsonArray("tagNames").getList())
        .contains("service.name", "http.method", "db.system");
    assertThat(json("/api/v2/search/tag/resource.service.name/values").encode())
        .contains("{\"type\":\"string\",\"value\":\"db\"}", "\"value\":\"shop\"");
    assertThat(json("/api/search/tag/http.method/values").getJsonArray("tagValues").getList())
        .containsExactly("GET");
    assertThat(json("/api/v2/search/tag/name/values").encode()).contains("GET /cart");

    String traceQl =
        java.net.URLEncoder.encode(
            "{ resource.service.name = \"db\" && status = error && duration > 10ms && kind = client }",
            java.nio.charset.StandardCharsets.UTF_8);
    JsonObject found =
        json(
            "/api/search?q=" + traceQl + "&limit=20&spss=3&start=" + (s - 60) + "&end=" + (s + 60));
    JsonObject t = found.getJsonArray("traces").getJsonObject(0);
    assertThat(t.getString("traceID")).isEqualTo("0000000000000000000000000000abcd");
    assertThat(t.getString("rootServiceName")).isEqualTo("shop");
    assertThat(t.getString("rootTraceName")).isEqualTo("GET /cart");
    assertThat(t.getLong("durationMs")).isEqualTo(250);
    assertThat(json("/api/search?q=" + traceQl.replace("10ms", "30ms")).getJsonArray("traces"))
        .isEmpty();
    assertThat(
            json("/api/search?tags=service.name%3Dshop%20http.status%3D200&minDuration=100ms")
                .getJsonArray("traces"))
        .hasSize(1);
    HttpResponse<String> bad = http.get("/api/search?q=%7B%20span.x%20%3D~%20%22a%22%20%7D");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("operator =~ is not supported");
  }

  @Test
  void headSamplingDropsAndTailRulesKeepErrorsAndSlowSpans() {
    String body =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
            + "{\"stringValue\":\"noisy\"}}]},\"scopeSpans\":[{\"spans\":["
            + span("00000000000000000000000000000e01", 1_000_000, 0)
            + ","
            + span("00000000000000000000000000000e02", 1_000_000, 2)
            + ","
            + span("00000000000000000000000000000e03", 900_000_000, 0)
            + "]}]}]}";
    HttpResponse<String> r = http.post("/v1/traces", "application/json", body.getBytes());
    assertThat(r.statusCode()).isEqualTo(200);
    String metrics = http.get("/metrics").body();
    assertThat(metrics)
        .contains(
            "tidemark_traces_spans_sampled_total{decision=\"sampled_out\",service=\"noisy\"} 1",
            "tidemark_traces_spans_sampled_total{decision=\"kept_error\",service=\"noisy\"} 1",
            "tidemark_traces_spans_sampled_total{decision=\"kept_slow\",service=\"noisy\"} 1");
  }

  private String span(String traceId, long durationNanos, int status) {
    return "{\"traceId\":\""
        + traceId
        + "\",\"spanId\":\"00000000000000f1\",\"name\":\"poll\","
        + "\"startTimeUnixNano\":\""
        + now
        + "\",\"endTimeUnixNano\":\""
        + (now + durationNanos)
        + "\",\"status\":{\"code\":"
        + status
        + "}}";
  }
}
