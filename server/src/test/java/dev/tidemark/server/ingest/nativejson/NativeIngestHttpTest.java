package dev.tidemark.server.ingest.nativejson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /api/v1/ingest} through a real server and database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeIngestHttpTest {
  Tidemark server;
  Http http;
  long now = System.currentTimeMillis();

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                ConfigKey.INGEST_BODY_LIMIT, "64KiB", ConfigKey.STORAGE_SERIES_CACHE_SIZE, "5000"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  void awaitWritten() {
    try {
      assertThat(server.writer().awaitCaughtUp(java.time.Duration.ofSeconds(60))).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The points around {@code now} of the one series named {@code metric}. */
  JsonArray points(String metric) {
    JsonArray series =
        new JsonObject(http.get("/api/series?metric=" + metric).body()).getJsonArray("series");
    String range = "/points?from=" + (now - 1) + "&to=" + (now + 1);
    return new JsonObject(
            http.get("/api/series/" + series.getJsonObject(0).getLong("id") + range).body())
        .getJsonArray("values");
  }

  HttpResponse<String> ingest(String json) {
    return http.post("/api/v1/ingest", "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void storedSamplesAndHistogramsCanBeReadBack() {
    Histogram h = new Histogram(3);
    h.recordValue(1200);
    byte[] body =
        BatchCodec.encode(
            new Batch(
                "it",
                1,
                List.of(
                    new Sample("http_rt", Labels.of("host", "h1", "release", "v1.3.0"), now, 12.5)),
                List.of(
                    new HistogramSample("http_rt_latency", Labels.of("op", "get"), now, "us", h))));
    assertThat(http.post("/api/v1/ingest", "application/json", body).statusCode()).isEqualTo(204);
    awaitWritten();

    JsonArray series =
        new JsonObject(http.get("/api/series?metric=http_rt&label.release=v1.3.0").body())
            .getJsonArray("series");
    assertThat(series).hasSize(1);
    long id = series.getJsonObject(0).getLong("id");
    JsonObject points =
        new JsonObject(
            http.get("/api/series/" + id + "/points?from=" + (now - 1) + "&to=" + (now + 1))
                .body());
    assertThat(points.getJsonArray("values").getJsonArray(0).getDouble(1)).isEqualTo(12.5);

    long hid =
        new JsonObject(http.get("/api/series?metric=http_rt_latency").body())
            .getJsonArray("series")
            .getJsonObject(0)
            .getLong("id");
    JsonObject hist =
        new JsonObject(
            http.get(
                    "/api/series/"
                        + hid
                        + "/histogram?q=0.5&from="
                        + (now - 1)
                        + "&to="
                        + (now + 1))
                .body());
    assertThat(hist.getLong("count")).isEqualTo(1);
    assertThat(hist.getJsonObject("quantiles").getDouble("0.5"))
        .isCloseTo(1200, org.assertj.core.api.Assertions.within(12.0));
  }

  @Test
  void aBatchSentTwiceIsStoredOnce() {
    String body =
        "{\"agent\":\"dup\",\"batch\":5,\"samples\":[{\"metric\":\"dup_m\",\"ts\":"
            + now
            + ",\"value\":1}]}";
    assertThat(ingest(body).statusCode()).isEqualTo(204);
    assertThat(ingest(body).statusCode()).isEqualTo(204);
    awaitWritten();
    assertThat(ingest(body).statusCode()).isEqualTo(204);
    awaitWritten();
    long id =
        new JsonObject(http.get("/api/series?metric=dup_m").body())
            .getJsonArray("series")
            .getJsonObject(0)
            .getLong("id");
    assertThat(
            new JsonObject(
                    http.get("/api/series/" + id + "/points?from=" + (now - 1) + "&to=" + (now + 1))
                        .body())
                .getJsonArray("values"))
        .hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          empty metric name | {"metric":"","ts":NOW,"value":1}                         | bad_metric_name | metric name is empty
          bad label name    | {"metric":"m","labels":{"a-b":"x"},"ts":NOW,"value":1}  | bad_label_name  | label name "a-b"
          wrong value type  | {"metric":"m","ts":NOW,"value":"high"}                  | malformed       | value must be a number
          missing ts        | {"metric":"m","value":1}                                | malformed       | field ts is missing
          far future        | {"metric":"m","ts":99999999999999,"value":1}            | timestamp_in_future | timestamp 99999999999999
          far past          | {"metric":"m","ts":1,"value":1}                         | timestamp_too_old | timestamp 1
          NaN               | {"metric":"m","ts":NOW,"value":NaN}                     | non_finite_value | not finite
          """)
  void aBadSampleIsReportedAndTheValidOnesAreKept(
      String name, String bad, String reason, String text) {
    String metric = "keep_" + Math.abs(name.hashCode());
    String good = "{\"metric\":\"" + metric + "\",\"ts\":" + now + ",\"value\":2}";
    HttpResponse<String> r =
        ingest(
            "{\"agent\":\"bad\",\"batch\":"
                + Math.abs(name.hashCode())
                + ",\"samples\":["
                + good
                + ","
                + bad.replace("NOW", "" + now)
                + "]}");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).startsWith("cannot ingest samples[1]: ").contains(text);
    assertThat(body.getInteger("accepted")).isEqualTo(1);
    assertThat(body.getInteger("rejected")).isEqualTo(1);
    assertThat(body.getBoolean("stored")).isTrue();
    assertThat(body.getJsonObject("reasons").getInteger(reason)).isEqualTo(1);
    awaitWritten();
    assertThat(
            new JsonObject(http.get("/api/series?metric=" + metric).body()).getJsonArray("series"))
        .hasSize(1);
    assertThat(http.get("/metrics").body())
        .contains("tidemark_ingest_rejected_total{protocol=\"native\",reason=\"" + reason + "\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not json        | {"agent":                   | cannot parse batch
          not an object   | [1,2]                       | body is not a JSON object
          no agent        | {"batch":1,"samples":[]}    | field agent is missing
          too many labels | TOO_MANY                    | too many labels
          """)
  void unreadableRequestsAreRefusedAsAWhole(String name, String body, String message) {
    if (body.equals("TOO_MANY")) {
      StringBuilder labels = new StringBuilder();
      for (int i = 0; i < 31; i++) {
        labels.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
      }
      body =
          "{\"agent\":\"a\",\"batch\":1,\"samples\":[{\"metric\":\"m\",\"labels\":{"
              + labels
              + "},\"ts\":"
              + now
              + ",\"value\":1}]}";
    }
    HttpResponse<String> r = ingest(body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).contains(message);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /**
   * A batch whose every sample is rejected is not recorded under its {@code (agent, batch)} id, so
   * the agent can send it again, fixed, under the same id; a refused request is counted.
   */
  @Test
  void aBatchWithOnlyBadSamplesCanBeResentFixedUnderItsId() {
    String bad =
        "{\"agent\":\"fix\",\"batch\":1,\"samples\":[{\"metric\":\"\",\"ts\":"
            + now
            + ",\"value\":1}]}";
    HttpResponse<String> r = ingest(bad);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getBoolean("stored")).isFalse();
    awaitWritten();
    String fixed = bad.replace("\"metric\":\"\"", "\"metric\":\"fixed_m\"");
    assertThat(ingest(fixed).statusCode()).isEqualTo(204);
    awaitWritten();
    assertThat(points("fixed_m")).hasSize(1);
    assertThat(ingest("{\"agent\":").statusCode()).isEqualTo(400);
    assertThat(http.get("/metrics").body())
        .contains(
            "tidemark_ingest_rejected_total{protocol=\"native\",reason=\"malformed_request\"}");
  }

  @Test
  void oversizedBodiesGet413() {
    byte[] big = new byte[65 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r = http.post("/api/v1/ingest", "application/json", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getString("error"))
        .contains("larger than the limit [maxBytes=65536]");
  }

  @Test
  void otherContentTypesGet415() {
    HttpResponse<String> r =
        http.post("/api/v1/ingest", "text/plain", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(r.body()).getString("error"))
        .contains("content type must be application/json [got=text/plain]");
    assertThat(
            http.post("/api/v1/ingest", null, "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(415);
  }

  @Test
  void truncatedAndMutatedBodiesNeverGetA5xx() {
    byte[] valid =
        BatchCodec.encode(
            new Batch(
                "fuzz",
                77,
                List.of(
                    new Sample("fuzz_m", Labels.of("a", "1"), now, 1),
                    new Sample("fuzz_m", Labels.of("a", "2"), now, 2)),
                List.of()));
    java.util.Random random = new java.util.Random(9);
    for (int round = 0; round < 150; round++) {
      byte[] body =
          java.util.Arrays.copyOf(valid, round < 75 ? random.nextInt(valid.length) : valid.length);
      if (round >= 75) {
        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
      }
      HttpResponse<String> r = http.post("/api/v1/ingest", "application/json", body);
      assertThat(r.statusCode()).as("round %d", round).isIn(204, 400);
      assertThat(r.body()).doesNotContain("internal error");
    }
  }

  @Test
  void anEmptyBodyIsABadRequest() {
    HttpResponse<String> r = http.post("/api/v1/ingest", "application/json", new byte[0]);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("body is empty");
  }

  @Test
  void hundredThousandSeriesFitInABoundedCache() throws Exception {
    int perBatch = 500; // this server's body limit is 64 KiB
    for (int b = 0; b < 200; b++) {
      List<Sample> samples = new ArrayList<>(perBatch);
      for (int i = 0; i < perBatch; i++) {
        samples.add(new Sample("wide_m", Labels.of("id", b + "-" + i), now, i));
      }
      byte[] body = BatchCodec.encode(new Batch("wide", b, samples, List.of()));
      assertThat(http.post("/api/v1/ingest", "application/json", body).statusCode()).isEqualTo(204);
    }
    awaitWritten();
    long stored =
        server
            .storage()
            .database()
            .withConnection(
                c -> {
                  try (var s = c.createStatement();
                      var rs =
                          s.executeQuery("SELECT count(*) FROM series WHERE metric = 'wide_m'")) {
                    rs.next();
                    return rs.getLong(1);
                  }
                });
    assertThat(stored).isEqualTo(100_000);
    assertThat(server.storage().registry().cachedSize()).isLessThanOrEqualTo(5000);
  }
}
