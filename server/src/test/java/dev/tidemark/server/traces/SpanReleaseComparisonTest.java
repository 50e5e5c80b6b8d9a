package dev.tidemark.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A regression that exists only in span durations shows in a release comparison: traces of two
 * releases arrive over OTLP (no metric is sent at all), checkout is 30% slower in the candidate,
 * browse unchanged; the comparison names checkout as a regression with exemplar trace ids of the
 * candidate's slow checkouts, and browse as no change. Head sampling at 10% must not hide it: the
 * distributions are derived before sampling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpanReleaseComparisonTest {
  Tidemark server;
  Http http;
  final Random random = new Random(42);
  final Set<String> candidateTraces = new HashSet<>();

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(ConfigKey.TRACES_SAMPLING, "shop=0.1", ConfigKey.TRACES_SAMPLING_SLOW, "10s"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  String id(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    b[0] |= 1;
    return java.util.HexFormat.of().formatHex(b);
  }

  String span(String traceId, String name, long start, long durationNanos) {
    return "{\"traceId\":\""
        + traceId
        + "\",\"spanId\":\""
        + id(8)
        + "\",\"name\":\""
        + name
        + "\",\"kind\":2,\"startTimeUnixNano\":\""
        + start
        + "\",\"endTimeUnixNano\":\""
        + (start + durationNanos)
        + "\"}";
  }

  void send(String release, double checkoutMs, long start) {
    List<String> spans = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String traceId = id(16);
      if (release.equals("v1.1.0")) {
        candidateTraces.add(traceId);
      }
      double jitter = 1 + random.nextGaussian() * 0.03;
      spans.add(
          span(traceId, "checkout", start + i * 1_000_000L, (long) (checkoutMs * jitter * 1e6)));
      spans.add(
          span(
              id(16),
              "browse",
              start + i * 1_000_000L,
              (long) (50 * (1 + random.nextGaussian() * 0.03) * 1e6)));
    }
    String body =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":["
            + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"shop\"}},"
            + "{\"key\":\"service.version\",\"value\":{\"stringValue\":\""
            + release
            + "\"}}]},"
            + "\"scopeSpans\":[{\"spans\":["
            + String.join(",", spans)
            + "]}]}]}";
    HttpResponse<String> r =
        http.post("/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void aRegressionOnlyInSpanDurationsShowsInTheComparison() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < 20; i++) {
      send("v1.0.0", 100, now - Duration.ofHours(2).toNanos() + i * 1_000_000_000L);
      send("v1.1.0", 130, now - Duration.ofHours(1).toNanos() + i * 1_000_000_000L);
    }
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

    HttpResponse<String> r =
        http.post(
            "/api/comparisons",
            "application/json",
            new JsonObject()
                .put("service", "shop")
                .put("candidate", "v1.1.0")
                .put("baseline", "v1.0.0")
                .put("critical_operations", new JsonArray().add("checkout"))
                .encode()
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    JsonObject comparison = new JsonObject(r.body());
    JsonArray regressed = comparison.getJsonArray("regressed_operations");
    assertThat(regressed).as(r.body()).hasSize(1);
    JsonObject checkout = regressed.getJsonObject(0);
    assertThat(checkout.getString("metric")).isEqualTo("span_duration");
    assertThat(checkout.getString("operation")).isEqualTo("checkout");
    assertThat(checkout.getDouble("delta_pct")).isBetween(25.0, 35.0);
    assertThat(comparison.getInteger("blocking_regressions")).isEqualTo(1);
    JsonArray exemplars = checkout.getJsonArray("exemplars");
    assertThat(exemplars).isNotEmpty();
    for (Object o : exemplars) {
      JsonObject e = (JsonObject) o;
      assertThat(candidateTraces).contains(e.getString("trace_id"));
      assertThat(http.get("/api/traces/" + e.getString("trace_id")).statusCode()).isEqualTo(200);
    }
    JsonArray rows = comparison.getJsonObject("performance").getJsonArray("metrics");
    JsonObject browse = null;
    for (Object o : rows) {
      if ("browse".equals(((JsonObject) o).getString("operation"))) {
        browse = (JsonObject) o;
      }
    }
    assertThat(browse).isNotNull();
    assertThat(browse.getString("verdict")).isEqualTo("NO_CHANGE");

    // the same distributions answer PromQL, per release
    String q =
        URLEncoder.encode(
            "histogram_quantile(0.5, sum by (release) (increase(span_duration{operation=\"checkout\"}[3h])))",
            StandardCharsets.UTF_8);
    JsonArray result =
        new JsonObject(http.get("/api/v1/query?query=" + q).body())
            .getJsonObject("data")
            .getJsonArray("result");
    assertThat(result).hasSize(2);
  }
}
