package dev.tidemark.server.ingest.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/v1/write} through a real server and database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteWriteHttpTest {
  static final double STALE_NAN = Double.longBitsToDouble(Sample.STALE_NAN_BITS);

  Tidemark server;
  Http http;
  long now = System.currentTimeMillis();

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.INGEST_BODY_LIMIT, "64KiB"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  HttpResponse<String> write(byte[] body) {
    return http.post(
        "/api/v1/write",
        "application/x-protobuf",
        body,
        "Content-Encoding",
        "snappy",
        "X-Prometheus-Remote-Write-Version",
        "0.1.0",
        "User-Agent",
        "Prometheus/2.53.0");
  }

  /** Ingest acknowledges after the write-ahead append; reads wait for the storage writer. */
  void awaitWritten() {
    try {
      assertThat(server.writer().awaitCaughtUp(java.time.Duration.ofSeconds(60))).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonArray series(String metric) {
    awaitWritten();
    return new JsonObject(http.get("/api/series?metric=" + metric).body()).getJsonArray("series");
  }

  JsonArray points(String metric) {
    long id = series(metric).getJsonObject(0).getLong("id");
    return new JsonObject(
            http.get(
                    "/api/series/"
                        + id
                        + "/points?from="
                        + (now - 60_000)
                        + "&to="
                        + (now + 60_000))
                .body())
        .getJsonArray("values");
  }

  @Test
  void samplesAreStoredWithNameAndLabels() {
    byte[] body =
        PromWrite.request()
            .series(
                Map.of("__name__", "rw_up", "job", "node", "release", "v1.3.0"),
                now - 1000,
                1.0,
                now,
                0.5)
            .series(Map.of("__name__", "rw_load", "instance", "h1:9100"), now, 2.25)
            .snappy();
    assertThat(write(body).statusCode()).isEqualTo(204);
    JsonArray up = series("rw_up");
    assertThat(up).hasSize(1);
    assertThat(up.getJsonObject(0).getJsonObject("labels").getMap())
        .isEqualTo(Map.of("job", "node", "release", "v1.3.0"));
    assertThat(points("rw_up"))
        .containsExactly(
            new JsonArray().add(now - 1000).add(1.0), new JsonArray().add(now).add(0.5));
    assertThat(points("rw_load")).containsExactly(new JsonArray().add(now).add(2.25));
  }

  @Test
  void aResentRequestIsStoredOnce() {
    byte[] body =
        PromWrite.request()
            .series(Map.of("__name__", "rw_resend", "job", "a"), now - 1000, 1.0, now, 2.0)
            .series(Map.of("__name__", "rw_resend_b", "job", "b"), now, 3.0)
            .snappy();
    for (int i = 0; i < 3; i++) { // Prometheus retries the same buffer after a lost answer
      assertThat(write(body).statusCode()).isEqualTo(204);
    }
    assertThat(points("rw_resend"))
        .containsExactly(
            new JsonArray().add(now - 1000).add(1.0), new JsonArray().add(now).add(2.0));
    assertThat(points("rw_resend_b")).containsExactly(new JsonArray().add(now).add(3.0));
    assertThat(http.get("/metrics").body())
        .contains("tidemark_ingest_batches_total{outcome=\"duplicate\"}");
  }

  @Test
  void aNulInALabelValueIsRefusedAndItsNeighboursStored() {
    byte[] body =
        PromWrite.request()
            .series(Map.of("__name__", "rw_nul", "job", "ok"), now, 1.0)
            .series(Map.of("__name__", "rw_nul", "job", "x\u0000y"), now, 2.0)
            .snappy();
    HttpResponse<String> r = write(body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("NUL character", "\"accepted\":1", "\"stored\":true");
    assertThat(series("rw_nul")).hasSize(1);
    assertThat(points("rw_nul")).containsExactly(new JsonArray().add(now).add(1.0));
  }

  @Test
  void staleMarkersAreKeptApartFromValuesAndEndTheSeriesForPromQl() {
    byte[] body =
        PromWrite.request()
            .series(Map.of("__name__", "rw_stale"), now - 2000, 7.0, now, STALE_NAN)
            .snappy();
    assertThat(write(body).statusCode()).isEqualTo(204);
    byte[] resent =
        PromWrite.request().series(Map.of("__name__", "rw_stale"), now, STALE_NAN).snappy();
    assertThat(write(resent).statusCode()).as("a resent marker").isEqualTo(204);
    assertThat(points("rw_stale")).containsExactly(new JsonArray().add(now - 2000).add(7.0));
    assertThat(http.get("/metrics").body())
        .contains("tidemark_ingest_stale_markers_total{protocol=\"remote_write\"} 2");
    assertThat(promInstant("rw_stale", now - 1000)).hasSize(1);
    assertThat(promInstant("rw_stale", now)).isEmpty();
    assertThat(promInstant("rw_stale", now + 60_000)).isEmpty();
  }

  JsonArray promInstant(String query, long atMillis) {
    HttpResponse<String> r =
        http.get("/api/v1/query?query=" + query + "&time=" + atMillis / 1000.0);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
  }

  @Test
  void invalidSamplesAre400ButTheValidOnesAreStored() {
    byte[] body =
        PromWrite.request()
            .series(Map.of("__name__", "rw_good"), now, 1.0)
            .series(Map.of("__name__", "rw_nan"), now, Double.NaN)
            .series(Map.of("__name__", "rw_inf"), now, Double.POSITIVE_INFINITY)
            .series(Map.of("__name__", "rw_badlabel", "a-b", "x"), now, 1.0)
            .series(Map.of("job", "nameless"), now, 1.0)
            .series(Map.of("__name__", "rw_old"), 1L, 1.0)
            .snappy();
    HttpResponse<String> r = write(body);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject answer = new JsonObject(r.body());
    assertThat(answer.getString("error"))
        .isEqualTo("cannot ingest timeseries[1]: value NaN is not finite");
    assertThat(answer.getInteger("accepted")).isEqualTo(1);
    assertThat(answer.getInteger("rejected")).isEqualTo(5);
    assertThat(answer.getBoolean("stored")).isTrue();
    assertThat(answer.getJsonObject("reasons").getMap())
        .isEqualTo(
            Map.of(
                "non_finite_value", 2,
                "bad_label_name", 1,
                "bad_metric_name", 1,
                "timestamp_too_old", 1));
    assertThat(answer.getJsonArray("errors").stream().map(String::valueOf).toList())
        .contains(
            "cannot ingest timeseries[3]: label name \"a-b\" is not [a-zA-Z_][a-zA-Z0-9_]*",
            "cannot ingest timeseries[4]: label __name__ is missing");
    assertThat(points("rw_good")).hasSize(1);
    assertThat(series("rw_nan")).isEmpty();
    assertThat(http.get("/metrics").body())
        .contains(
            "tidemark_ingest_rejected_total{protocol=\"remote_write\",reason=\"non_finite_value\"} 2");
  }

  @Test
  void unreadableRequestsAre400AndStoreNothing() {
    byte[] proto = PromWrite.request().series(Map.of("__name__", "rw_truncated"), now, 1.0).proto();
    assertRefused(
        write(PromWrite.snappy(Arrays.copyOf(proto, proto.length - 3))), "runs past the end");
    assertRefused(write(new byte[] {1, 2, 3, 4, 5, 6, 7}), "not snappy block format");
    assertRefused(
        write(
            PromWrite.request(PromWrite.WRONG_TYPES)
                .series(Map.of("__name__", "rw_wrong"), "soon", 1.0)
                .snappy()),
        "field Sample.timestamp has wire type 2, expected 0");
    byte[] overflow = {0x0a, 0x0c, 0x12, 0x0a, 0x10, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
    assertRefused(write(PromWrite.snappy(overflow)), "varint");
    byte[] badUtf8 = {0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, (byte) 0xC3, 0x28};
    assertRefused(write(PromWrite.snappy(badUtf8)), "not valid UTF-8");
    assertRefused(write(new byte[0]), "body is empty");
    assertThat(series("rw_truncated")).isEmpty();
    assertThat(series("rw_wrong")).isEmpty();
  }

  void assertRefused(HttpResponse<String> r, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).contains(message);
    assertThat(body.getBoolean("stored")).isFalse();
  }

  @Test
  void otherContentTypesAndEncodingsAre415() {
    byte[] body = PromWrite.request().series(Map.of("__name__", "rw_415"), now, 1.0).snappy();
    HttpResponse<String> json =
        http.post("/api/v1/write", "application/json", body, "Content-Encoding", "snappy");
    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(json.body()).contains("content type must be application/x-protobuf");
    HttpResponse<String> plain = http.post("/api/v1/write", "application/x-protobuf", body);
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(plain.body()).contains("content encoding must be snappy [got=none]");
    HttpResponse<String> v2 =
        http.post(
            "/api/v1/write",
            "application/x-protobuf;proto=io.prometheus.write.v2.Request",
            body,
            "Content-Encoding",
            "snappy");
    assertThat(v2.statusCode()).isEqualTo(415);
    assertThat(v2.body()).contains("only remote_write 1.0");
    assertThat(
            http.post(
                    "/api/v1/write",
                    "application/x-protobuf;proto=prometheus.WriteRequest",
                    body,
                    "Content-Encoding",
                    "snappy")
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void bodiesOverTheLimitAre413() {
    byte[] big = new byte[65 * 1024];
    new Random(1).nextBytes(big);
    HttpResponse<String> r = write(big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("larger than the limit");
  }

  /** A snappy header naming more than four times the body limit: 413, before any allocation. */
  @Test
  void bodiesThatWouldInflatePastTheLimitAre413() {
    byte[] header = {(byte) 0x80, (byte) 0x80, (byte) 0x40, 0x00, 0x01}; // length 1 MiB
    HttpResponse<String> r = write(header);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getString("error"))
        .isEqualTo(
            "cannot decompress write request: it inflates past the limit"
                + " [length=1048576, maxBytes=262144]");
  }

  @Test
  void fuzzedAndTruncatedBodiesGetOnly4xx() {
    Random random = new Random(42);
    byte[] proto =
        PromWrite.request()
            .series(Map.of("__name__", "rw_fuzz", "host", "h1"), now, 1.0, now - 1, 2.0)
            .series(Map.of("__name__", "rw_fuzz2"), now, 3.0)
            .proto();
    for (int i = 0; i < 150; i++) {
      byte[] body;
      switch (i % 3) {
        case 0 -> {
          body = new byte[random.nextInt(200)];
          random.nextBytes(body);
        }
        case 1 -> body = PromWrite.snappy(Arrays.copyOf(proto, random.nextInt(proto.length)));
        default -> {
          byte[] flipped = proto.clone();
          flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
          body = PromWrite.snappy(flipped);
        }
      }
      HttpResponse<String> r = write(body);
      assertThat(r.statusCode()).as("case %d: %s", i, r.body()).isIn(204, 400, 413);
      assertThat(r.body()).doesNotContain("internal error").doesNotContain("Exception");
    }
  }
}
