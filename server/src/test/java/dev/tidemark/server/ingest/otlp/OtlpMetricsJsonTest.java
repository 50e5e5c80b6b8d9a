package dev.tidemark.server.ingest.otlp;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * OTLP/JSON metrics of every kind through a running server and back through PromQL: gauge (asInt),
 * cumulative monotonic sum, explicit histogram, summary, a promoted resource attribute; a delta sum
 * in the same request is rejected alone (partial success) and the rest is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpMetricsJsonTest {
  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(ConfigKey.OTLP_PROMOTE_RESOURCE_ATTRIBUTES, "deployment.environment"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void everyKindMapsAsPrometheusOtlpReceiverDoes() throws Exception {
    String t = Long.toString(System.currentTimeMillis() * 1_000_000L);
    String attrs = "[{\"key\":\"route\",\"value\":{\"stringValue\":\"/pay\"}}]";
    String body =
        "{\"resourceMetrics\":[{\"resource\":{\"attributes\":["
            + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"api\"}},"
            + "{\"key\":\"service.namespace\",\"value\":{\"stringValue\":\"shop\"}},"
            + "{\"key\":\"deployment.environment\",\"value\":{\"stringValue\":\"prod\"}}]},"
            + "\"scopeMetrics\":[{\"metrics\":["
            + "{\"name\":\"pool.size\",\"unit\":\"{connection}\",\"gauge\":{\"dataPoints\":["
            + "{\"timeUnixNano\":\""
            + t
            + "\",\"asInt\":\"12\",\"attributes\":"
            + attrs
            + "}]}},"
            + "{\"name\":\"http.requests\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,"
            + "\"dataPoints\":[{\"timeUnixNano\":\""
            + t
            + "\",\"asDouble\":42}]}},"
            + "{\"name\":\"bytes.sent\",\"unit\":\"By\",\"sum\":{\"aggregationTemporality\":1,"
            + "\"isMonotonic\":true,\"dataPoints\":[{\"timeUnixNano\":\""
            + t
            + "\",\"asInt\":7}]}},"
            + "{\"name\":\"db.latency\",\"unit\":\"ms\",\"histogram\":{\"aggregationTemporality\":2,"
            + "\"dataPoints\":[{\"timeUnixNano\":\""
            + t
            + "\",\"count\":\"10\",\"sum\":123.5,"
            + "\"bucketCounts\":[\"2\",\"5\",\"3\"],\"explicitBounds\":[5,25]}]}},"
            + "{\"name\":\"gc.pause\",\"unit\":\"s\",\"summary\":{\"dataPoints\":[{\"timeUnixNano\":\""
            + t
            + "\",\"count\":\"4\",\"sum\":0.5,\"quantileValues\":[{\"quantile\":0.5,\"value\":0.1},"
            + "{\"quantile\":0.99,\"value\":0.2}]}]}}"
            + "]}]}]}";
    HttpResponse<String> r =
        http.post("/v1/metrics", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject partial = new JsonObject(r.body()).getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedDataPoints")).isEqualTo("1");
    assertThat(partial.getString("errorMessage"))
        .contains("cannot ingest data_points[2] of bytes.sent: sums must be cumulative");
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();

    assertThat(value("pool_size{job=\"shop/api\",route=\"/pay\",deployment_environment=\"prod\"}"))
        .isEqualTo(12);
    assertThat(value("http_requests_total{service=\"api\"}")).isEqualTo(42);
    assertThat(value("db_latency_milliseconds_bucket{le=\"5\"}")).isEqualTo(2);
    assertThat(value("db_latency_milliseconds_bucket{le=\"25\"}")).isEqualTo(7);
    assertThat(value("db_latency_milliseconds_bucket{le=\"+Inf\"}")).isEqualTo(10);
    assertThat(value("db_latency_milliseconds_sum")).isEqualTo(123.5);
    assertThat(value("gc_pause_seconds{quantile=\"0.99\"}")).isEqualTo(0.2);
    assertThat(value("gc_pause_seconds_count")).isEqualTo(4);
    assertThat(query("bytes_sent_bytes_total")).isEmpty();
  }

  double value(String promql) {
    JsonArray result = query(promql);
    assertThat(result).as(promql).hasSize(1);
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  JsonArray query(String promql) {
    HttpResponse<String> r =
        http.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
  }
}
