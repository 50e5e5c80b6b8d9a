package dev.tidemark.server.ingest.otlp;

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

/**
 * Under backpressure (here: less free disk than {@code wal.min.free.disk}, which no disk has) both
 * OTLP paths answer 503 with {@code Retry-After} and a Status (UNAVAILABLE) in the request's
 * encoding, which OTLP exporters retry after that delay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpOverloadTest {
  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.WAL_MIN_FREE_DISK, "1048576GiB"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void tracesAndMetricsAnswer503WithRetryAfter() {
    long now = System.currentTimeMillis() * 1_000_000L;
    String traces =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
            + "\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"name\":\"x\","
            + "\"startTimeUnixNano\":\""
            + now
            + "\",\"endTimeUnixNano\":\""
            + (now + 1)
            + "\"}]}]}]}";
    HttpResponse<String> r =
        http.post("/v1/traces", "application/json", traces.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    JsonObject status = new JsonObject(r.body());
    assertThat(status.getInteger("code")).isEqualTo(14);
    assertThat(status.getString("message")).startsWith("cannot accept batch now");

    String metrics =
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"busy\",\"gauge\":"
            + "{\"dataPoints\":[{\"timeUnixNano\":\""
            + now
            + "\",\"asDouble\":1}]}}]}]}]}";
    HttpResponse<String> m =
        http.post("/v1/metrics", "application/json", metrics.getBytes(StandardCharsets.UTF_8));
    assertThat(m.statusCode()).as(m.body()).isEqualTo(503);
    assertThat(m.headers().firstValue("Retry-After")).isPresent();
  }
}
