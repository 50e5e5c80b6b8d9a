package dev.tidemark.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** The query endpoints through a real server on the embedded PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryHttpTest {
  /** A whole hour a day back: inside raw retention, long settled. */
  static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));

  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.QUERY_MAX_SERIES, "2"));
    http = new Http(server.port());
    List<Sample> samples = new ArrayList<>();
    for (int m = 0; m < 120; m++) {
      long t = BASE.plus(Duration.ofMinutes(m)).toEpochMilli();
      samples.add(new Sample("test_load", Labels.of("host", "h1", "release", "v1"), t, 10));
      samples.add(
          new Sample(
              "test_load", Labels.of("host", "h2", "release", "v2"), t, m % 2 == 0 ? 20 : 40));
      for (int h = 1; h <= 3; h++) {
        samples.add(new Sample("wide_load", Labels.of("host", "w" + h), t, h));
      }
      samples.add(new Sample("jobs_total", Labels.of("queue", "q"), t, 5.0 * m));
    }
    Histogram hist = new Histogram(3);
    hist.recordValue(100);
    List<HistogramSample> histograms =
        List.of(
            new HistogramSample(
                "test_latency", Labels.of("route", "/a"), BASE.toEpochMilli(), "us", hist));
    server.storage().writer().writeAll(List.of(new Batch(null, 0, samples, histograms)), -1);
    // written a day late, past the late window: roll the tiers up as if the data came on time
    server
        .storage()
        .database()
        .withConnection(
            c -> {
              server
                  .storage()
                  .tiers()
                  .refresh(
                      c, server.storage().plan(), BASE.minus(Duration.ofDays(2)), Instant.now());
              return null;
            });
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  HttpResponse<String> query(JsonObject body) {
    return http.post(
        "/api/query", "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void answersWithFramesForGrafanaInfinity() {
    HttpResponse<String> r =
        query(
            new JsonObject()
                .put("query", "avg(test_load) by (host) step 10m")
                .put("from", BASE.toEpochMilli())
                .put("to", BASE.plus(Duration.ofHours(1)).toString()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonArray frames = new JsonObject(r.body()).getJsonArray("frames");
    assertThat(frames).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonObject f = frames.getJsonObject(i);
      assertThat(f.getString("name")).isEqualTo("avg(test_load) by (host)");
      assertThat(f.getJsonArray("columns")).containsExactly("time", "value");
      double expected = f.getJsonObject("labels").getString("host").equals("h1") ? 10 : 30;
      JsonArray values = f.getJsonArray("values");
      assertThat(values).hasSize(6);
      assertThat(values.getJsonArray(0).getLong(0)).isEqualTo(BASE.toEpochMilli());
      for (int k = 0; k < values.size(); k++) {
        assertThat(values.getJsonArray(k).getDouble(1)).isEqualTo(expected);
      }
    }
  }

  @Test
  void theQueryRangeAndZoneOverrideTheRequest() {
    HttpResponse<String> r =
        query(
            new JsonObject()
                .put(
                    "query",
                    "increase(jobs_total) from \""
                        + BASE
                        + "\" to \""
                        + BASE.plus(Duration.ofHours(2))
                        + "\" step 1h")
                .put("zone", "Europe/Berlin")
                .put("from", 0)
                .put("to", 1000));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray values =
        new JsonObject(r.body()).getJsonArray("frames").getJsonObject(0).getJsonArray("values");
    // 60 minutes of +5 a minute; the first hour has no point before it, so 59 steps
    assertThat(values.getJsonArray(0).getDouble(1)).isEqualTo(295);
    assertThat(values.getJsonArray(1).getDouble(1)).isEqualTo(300);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      value = {
        "avg(cpu{host=\"a\"}#1#18#avg(cpu{host=\"a\"}",
        "avg(cpu) step 5x#1#15#avg(cpu) step 5x",
        "avg(cpu)\\n  zone \"Mars/Base\"#2#8#'  zone \"Mars/Base\"'",
        "rate(cpu{host=~\"(\"})#1#16#rate(cpu{host=~\"(\"})",
        "p95(test_latency) last 1h | trend forecast#1#43#p95(test_latency) last 1h | trend forecast",
      })
  void brokenQueriesAre400WithTheirPosition(String text, int line, int column, String source) {
    HttpResponse<String> r = query(new JsonObject().put("query", text.replace("\\n", "\n")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error"))
        .startsWith("cannot ")
        .endsWith("[line=" + line + ", column=" + column + "]");
    assertThat(body.getInteger("line")).isEqualTo(line);
    assertThat(body.getInteger("column")).isEqualTo(column);
    assertThat(body.getString("caret")).isEqualTo(source + "\n" + " ".repeat(column - 1) + "^");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|cannot parse request: the body is not a JSON object",
        "{}|cannot parse request: \"query\" (a string) is missing",
        "{\"query\":\"avg(x)\",\"zone\":\"Nowhere/Land\"}|cannot parse request: unknown zone",
        "{\"query\":\"avg(x)\",\"from\":2000,\"to\":1000}|cannot parse request: \"from\" must be before",
        "{\"query\":\"avg(x)\",\"from\":true}|cannot parse request: \"from\" must be",
      })
  void badRequestsAre400(String body, String error) {
    HttpResponse<String> r =
        http.post("/api/query", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).startsWith(error);
  }

  @Test
  void exceededLimitsAre422() {
    HttpResponse<String> r =
        query(
            new JsonObject()
                .put("query", "wide_load")
                .put("from", BASE.toEpochMilli())
                .put("to", BASE.plus(Duration.ofHours(1)).toEpochMilli()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(new JsonObject(r.body()).getString("error"))
        .startsWith("cannot evaluate query: too many series")
        .contains("max=2");
    HttpResponse<String> summed =
        query(
            new JsonObject()
                .put("query", "sum(wide_load) step 30m")
                .put("from", BASE.toEpochMilli())
                .put("to", BASE.plus(Duration.ofHours(1)).toEpochMilli()));
    assertThat(summed.statusCode()).as(summed.body()).isEqualTo(200);
    assertThat(summed.body()).contains("[" + BASE.toEpochMilli() + ",6]");
  }

  @Test
  void listsMetricsWithKindUnitSeriesAndLabels() {
    HttpResponse<String> r = http.get("/api/metrics");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, JsonObject> byName = new java.util.HashMap<>();
    new JsonObject(r.body())
        .getJsonArray("metrics")
        .forEach(m -> byName.put(((JsonObject) m).getString("name"), (JsonObject) m));
    assertThat(byName.get("test_load").getString("kind")).isEqualTo("gauge");
    assertThat(byName.get("test_load").getLong("series")).isEqualTo(2);
    assertThat(byName.get("test_load").getJsonArray("labels")).containsExactly("host", "release");
    assertThat(byName.get("jobs_total").getString("kind")).isEqualTo("counter");
    assertThat(byName.get("test_latency").getString("kind")).isEqualTo("histogram");
    assertThat(byName.get("test_latency").getString("unit")).isEqualTo("us");
  }

  @Test
  void trendOfAMetricPerRelease() {
    String range =
        "from=" + BASE.toEpochMilli() + "&to=" + BASE.plus(Duration.ofHours(2)).toEpochMilli();
    HttpResponse<String> r = http.get("/api/metrics/test_load/trend?step=10m&" + range);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("query")).isEqualTo("avg(test_load) by (release) step 10m | trend");
    JsonArray frames = body.getJsonArray("frames");
    assertThat(frames).hasSize(2);
    JsonObject v1 = frames.getJsonObject(0);
    assertThat(v1.getString("name")).startsWith("trend(");
    assertThat(v1.getJsonObject("meta").getDouble("slopePerDay"))
        .isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));

    HttpResponse<String> one =
        http.get("/api/metrics/test_load/trend?release=v2&forecast=2&step=1h&" + range);
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(new JsonObject(one.body()).getString("query"))
        .isEqualTo("avg(test_load{release=\"v2\"}) step 1h | trend forecast 2");

    assertThat(http.get("/api/metrics/no_such_metric/trend").statusCode()).isEqualTo(404);
    HttpResponse<String> bad = http.get("/api/metrics/test_load/trend?step=often");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).startsWith("cannot read trend: step");
  }
}
