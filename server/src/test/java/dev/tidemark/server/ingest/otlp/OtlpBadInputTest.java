package dev.tidemark.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad OTLP input through a real server: a bad span (invalid id, oversized attribute, timestamp out
 * of range) is rejected alone with its reason and the request's valid spans are stored (OTLP's
 * partial success); a body that cannot be decoded, or one with nothing valid, is a 400 naming the
 * problem; random and truncated bodies never produce a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpBadInputTest {
  Tidemark server;
  Http http;
  final Random random = new Random(15);

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.TRACES_MAX_ATTRIBUTE_LENGTH, "64"));
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
    return HexFormat.of().formatHex(b);
  }

  static String span(String traceId, String spanId, String name, long startNanos, String attr) {
    return "{\"traceId\":\""
        + traceId
        + "\",\"spanId\":\""
        + spanId
        + "\",\"name\":\""
        + name
        + "\",\"kind\":2,\"startTimeUnixNano\":\""
        + startNanos
        + "\",\"endTimeUnixNano\":\""
        + (startNanos + 5_000_000)
        + "\",\"attributes\":[{\"key\":\"note\",\"value\":"
        + "{\"stringValue\":\""
        + attr
        + "\"}}]}";
  }

  static String request(String... spans) {
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
        + "\"value\":{\"stringValue\":\"billing\"}}]},\"scopeSpans\":[{\"spans\":["
        + String.join(",", spans)
        + "]}]}]}";
  }

  HttpResponse<String> post(String type, byte[] body, String... headers) {
    return http.post("/v1/traces", type, body, headers);
  }

  @Test
  void badSpansAreRejectedWithReasonsAndValidSpansOfTheSameRequestKept() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    String good = id(16);
    String body =
        request(
            span(good, id(8), "pay", now, "ok"),
            span("not-hex", id(8), "pay", now, "ok"),
            span(id(16), id(4), "pay", now, "ok"),
            span("00000000000000000000000000000000", id(8), "pay", now, "ok"),
            span(id(16), id(8), "pay", now, "x".repeat(65)),
            span(id(16), id(8), "pay", now - Duration.ofDays(30).toNanos(), "ok"),
            span(id(16), id(8), "pay", now + Duration.ofDays(1).toNanos(), "ok"));
    HttpResponse<String> r = post("application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject partial = new JsonObject(r.body()).getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedSpans")).isEqualTo("6");
    assertThat(partial.getString("errorMessage"))
        .startsWith("cannot ingest spans[1]: traceId \"not-hex\" is not hex")
        .contains(
            "bad_id=3", "attribute_too_large=1", "timestamp_too_old=1", "timestamp_in_future=1");
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    assertThat(http.get("/api/traces/" + good).statusCode()).isEqualTo(200);
    assertThat(
            new JsonObject(http.get("/api/traces?service=billing&operation=pay").body())
                .getJsonArray("traces"))
        .hasSize(1);
    assertThat(http.get("/metrics").body())
        .contains("tidemark_ingest_rejected_total{protocol=\"otlp_traces\",reason=\"bad_id\"} 3");
  }

  @Test
  void aRequestWithNothingValidIsA400NamingTheProblem() {
    long now = System.currentTimeMillis() * 1_000_000L;
    HttpResponse<String> r =
        post(
            "application/json",
            request(span(id(16), id(8), "", now, "ok")).getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("message"))
        .startsWith("cannot ingest spans[0]: name is empty");
  }

  @Test
  void malformedProtobufIsA400WithTheOffset() {
    byte[] truncated = {0x0a, 0x7f, 0x12, 0x03}; // resource_spans claims 127 bytes, has 2
    HttpResponse<String> r = post("application/x-protobuf", truncated);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(r.body()).contains("cannot decode trace request: length 127 runs past the end");

    HttpResponse<String> json = post("application/json", "{\"resourceSpans\":{}}".getBytes());
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("resourceSpans: value is not an array");

    assertThat(post("text/plain", "x".getBytes()).statusCode()).isEqualTo(415);
  }

  @Test
  void gzipBodiesAreInflated() throws Exception {
    String traceId = id(16);
    byte[] body =
        request(span(traceId, id(8), "refund", System.currentTimeMillis() * 1_000_000L, "z"))
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    HttpResponse<String> r =
        post("application/json", out.toByteArray(), "Content-Encoding", "gzip");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{}");
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    assertThat(http.get("/api/traces/" + traceId).statusCode()).isEqualTo(200);
  }

  @Test
  void randomAndTruncatedBodiesNeverAnswer5xx() {
    long now = System.currentTimeMillis() * 1_000_000L;
    byte[] valid = request(span(id(16), id(8), "x", now, "y")).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 60; i++) {
      byte[] body;
      String type;
      if (i % 3 == 0) {
        body = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
        type = "application/json";
      } else {
        body = new byte[1 + random.nextInt(200)];
        random.nextBytes(body);
        type = i % 2 == 0 ? "application/x-protobuf" : "application/json";
      }
      int status = post(type, body).statusCode();
      assertThat(status).as("body %d", i).isBetween(200, 499);
      int metrics = http.post("/v1/metrics", type, body).statusCode();
      assertThat(metrics).as("metrics body %d", i).isBetween(200, 499);
    }
    assertThat(http.get("/api/traces/zz").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/search?q=%7Bfoo%3D%7D").statusCode()).isEqualTo(400);
  }
}
