package dev.tidemark.server.ingest.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/v2/write} and {@code /write} through a real server with auth on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InfluxWriteHttpTest {
  static final String TYPE = "text/plain; charset=utf-8";
  static final String TOKEN = "influx-test-token-0123";
  Tidemark server;
  Http http;
  long now = System.currentTimeMillis();

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                ConfigKey.INGEST_BODY_LIMIT, "64KiB",
                ConfigKey.INGEST_MAX_BATCH_SIZE, "500",
                ConfigKey.AUTH_TOKENS, TOKEN + ":read+write"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  HttpResponse<String> write(String path, String body, String... headers) {
    return write(path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  HttpResponse<String> write(String path, byte[] body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = "Token " + TOKEN; // what Telegraf's influxdb_v2 output sends
    System.arraycopy(headers, 0, all, 2, headers.length);
    return http.post(path, TYPE, body, all);
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
    return new JsonObject(
            http.get("/api/series?metric=" + metric, "Authorization", "Bearer " + TOKEN).body())
        .getJsonArray("series");
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
                        + (now + 60_000),
                    "Authorization",
                    "Bearer " + TOKEN)
                .body())
        .getJsonArray("values");
  }

  @Test
  void telegrafStyleWritesAreStored() {
    String body =
        "cpu,host=h1,release=v1.3.0 usage_idle=97.5,usage_user=2i "
            + now * 1_000_000
            + "\nmem,host=h1 used_percent=41.25,status=\"ok\" "
            + now * 1_000_000
            + "\n";
    HttpResponse<String> r = write("/api/v2/write?org=o&bucket=b&precision=ns", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(series("cpu_usage_idle").getJsonObject(0).getJsonObject("labels").getMap())
        .isEqualTo(Map.of("host", "h1", "release", "v1.3.0"));
    assertThat(points("cpu_usage_idle")).containsExactly(new JsonArray().add(now).add(97.5));
    assertThat(points("cpu_usage_user")).containsExactly(new JsonArray().add(now).add(2.0));
    assertThat(points("mem_used_percent")).containsExactly(new JsonArray().add(now).add(41.25));
    assertThat(http.get("/metrics").body())
        .contains("tidemark_ingest_dropped_total{protocol=\"influx\",reason=\"string_field\"} 1")
        .contains("tidemark_ingest_samples_total{protocol=\"influx\"}");
  }

  @Test
  void v1WritesWithSecondPrecisionAndGzip() throws IOException {
    long seconds = now / 1000;
    byte[] gz = gzip("disk,path=/ free=12 " + seconds + "\n");
    HttpResponse<String> r =
        write("/write?db=telegraf&precision=s", gz, "Content-Encoding", "gzip");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(points("disk_free")).containsExactly(new JsonArray().add(seconds * 1000).add(12.0));
    assertThat(write("/write?precision=h", "disk free=1").statusCode()).isEqualTo(204);
    HttpResponse<String> v2h = write("/api/v2/write?precision=h", "disk free=1");
    assertThat(v2h.statusCode()).isEqualTo(400);
    assertThat(v2h.body()).contains("cannot parse precision \\\"h\\\": expected ns, us, ms or s");
  }

  @Test
  void aBadLineIsNamedAndTheGoodOnesAreKept() {
    HttpResponse<String> r =
        write("/api/v2/write?precision=ms", "good_a v=1\ngood_b v=2 " + now + "\nbroken v=\n");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error"))
        .isEqualTo("cannot parse line 3: value of field v is missing");
    assertThat(body.getInteger("accepted")).isEqualTo(2);
    assertThat(body.getInteger("rejected")).isEqualTo(1);
    assertThat(body.getBoolean("stored")).isTrue();
    assertThat(body.getJsonObject("reasons").getInteger("malformed")).isEqualTo(1);
    assertThat(series("good_a_v")).hasSize(1);
    assertThat(points("good_b_v")).containsExactly(new JsonArray().add(now).add(2.0));
  }

  @Test
  void oversizedBodiesAndBatchesAre413SoTelegrafSplits() throws IOException {
    byte[] big = new byte[65 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    assertThat(write("/api/v2/write", big).statusCode()).isEqualTo(413);
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 501; i++) {
      many.append("many v=").append(i).append('\n');
    }
    HttpResponse<String> r = write("/api/v2/write", many.toString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("too many samples in one request [max=500]");
    byte[] bomb = new byte[1 << 20];
    HttpResponse<String> inflated = write("/api/v2/write", gzip(bomb), "Content-Encoding", "gzip");
    assertThat(inflated.statusCode()).isEqualTo(413);
    assertThat(inflated.body()).contains("inflates past the limit");
    assertThat(series("many")).isEmpty();
  }

  @Test
  void aResentWriteIsStoredOnceButUntimedLinesAreNewSamples() {
    String timed =
        "lp_resend,host=h1 v=1 " + now * 1_000_000 + "\nlp_resend,host=h2 v=2 " + now * 1_000_000;
    for (int i = 0; i < 3; i++) { // an answer lost twice: the client sends the same body again
      assertThat(write("/api/v2/write?precision=ns", timed).statusCode()).isEqualTo(204);
    }
    assertThat(series("lp_resend_v")).hasSize(2);
    assertThat(series("lp_resend_v").getJsonObject(0).getJsonObject("labels").getMap())
        .isEqualTo(Map.of("host", "h1")); // listed in id order: h1 first
    assertThat(points("lp_resend_v")).containsExactly(new JsonArray().add(now).add(1.0));
    assertThat(write("/api/v2/write", "lp_untimed v=5").statusCode()).isEqualTo(204);
    assertThat(write("/api/v2/write", "lp_untimed v=5").statusCode()).isEqualTo(204);
    awaitWritten();
    long id = series("lp_untimed_v").getJsonObject(0).getLong("id");
    assertThat(
            new JsonObject(
                    http.get(
                            "/api/series/"
                                + id
                                + "/points?from="
                                + (now - 60_000)
                                + "&to="
                                + (System.currentTimeMillis() + 60_000),
                            "Authorization",
                            "Bearer " + TOKEN)
                        .body())
                .getJsonArray("values"))
        .hasSize(2);
  }

  @Test
  void invalidUtf8AndNulAreRefusedPerLineAndTheOtherLinesKept() {
    byte[] body =
        ("lp_utf8,host=ok v=1 "
                + now * 1_000_000
                + "\nlp_utf8,host=bad\u0000x v=2 "
                + now * 1_000_000
                + "\nlp_utf8,host=")
            .getBytes(StandardCharsets.UTF_8);
    byte[] invalid = {(byte) 0xc3, (byte) 0x28};
    byte[] tail = (" v=3 " + now * 1_000_000).getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[body.length + invalid.length + tail.length];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(invalid, 0, all, body.length, invalid.length);
    System.arraycopy(tail, 0, all, body.length + invalid.length, tail.length);
    HttpResponse<String> r = write("/api/v2/write?precision=ns", all);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains(
            "\"accepted\":1", "\"rejected\":2", "NUL character", "line 3: line is not valid UTF-8");
    assertThat(series("lp_utf8_v")).hasSize(1);
    assertThat(points("lp_utf8_v")).containsExactly(new JsonArray().add(now).add(1.0));
  }

  @Test
  void requestsWithoutAWriteTokenAre401AndUnknownEncodings415() {
    assertThat(
            http.post("/api/v2/write", TYPE, "m v=1".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(401);
    assertThat(write("/api/v2/write", "m v=1", "Content-Encoding", "br").statusCode())
        .isEqualTo(415);
    assertThat(
            write("/api/v2/write", new byte[] {1, 2, 3}, "Content-Encoding", "gzip").statusCode())
        .isEqualTo(400);
    assertThat(write("/api/v2/write", "").statusCode()).isEqualTo(400);
    assertThat(http.get("/ping").statusCode()).isEqualTo(204);
  }

  @Test
  void fuzzedBodiesGetOnly204Or400() {
    Random random = new Random(5);
    String alphabet = "ab,= \\\"\n1i0u.e-t#";
    for (int i = 0; i < 100; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = 1 + random.nextInt(80); n > 0; n--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      HttpResponse<String> r = write("/api/v2/write", sb.toString());
      assertThat(r.statusCode()).as("%s -> %s", sb, r.body()).isIn(204, 400);
      assertThat(r.body()).doesNotContain("internal error");
    }
  }

  static byte[] gzip(String text) throws IOException {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }
}
