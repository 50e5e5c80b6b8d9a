package dev.tidemark.server.storage.promapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** PromQL through a real server and the SQL data source, on data ingested over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlPromStorageHttpTest {
  final long t0 = (System.currentTimeMillis() / 60_000) * 60_000 - 15 * 60_000;
  final long t = t0 + 10 * 60_000;
  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
    http = new Http(server.port());
    List<Sample> samples = new ArrayList<>();
    List<HistogramSample> histograms = new ArrayList<>();
    for (int k = 0; k <= 40; k++) {
      long ts = t0 + k * 15_000L;
      samples.add(new Sample("pe_reqs_total", Labels.of("route", "/a"), ts, 10.0 * k));
      samples.add(new Sample("pe_cpu", Labels.of("host", "h1", "release", "v1"), ts, 10));
      samples.add(new Sample("pe_cpu", Labels.of("host", "h2", "release", "v2"), ts, 30));
      if (k % 4 == 0) {
        Histogram h = new Histogram(3);
        for (int v = 1; v <= 100; v++) {
          h.recordValue(v);
        }
        histograms.add(new HistogramSample("pe_lat", Labels.of("op", "x"), ts, "us", h));
      }
    }
    byte[] body = BatchCodec.encode(new Batch("prom-e2e", 1, samples, histograms));
    HttpResponse<String> r = http.post("/api/v1/ingest", "application/json", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  JsonArray result(String path) {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  double instant(String query) {
    JsonArray res = result("/api/v1/query?query=" + q(query) + "&time=" + t / 1000);
    assertThat(res).as(query).hasSize(1);
    return Double.parseDouble(res.getJsonObject(0).getJsonArray("value").getString(1));
  }

  @Test
  void instantQueriesReadTheDatabase() {
    assertThat(instant("avg by (release) (pe_cpu{release=\"v2\"})")).isEqualTo(30);
    assertThat(instant("sum(pe_cpu)")).isEqualTo(40);
    assertThat(instant("rate(pe_reqs_total[5m])")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(instant("increase(pe_reqs_total[5m])")).isCloseTo(200, within(1e-9));
    assertThat(instant("histogram_count(increase(pe_lat[5m]))")).isEqualTo(500);
    assertThat(instant("histogram_quantile(0.5, sum by (op) (rate(pe_lat[5m])))"))
        .isCloseTo(50.5, within(1.5));
  }

  @Test
  void rangeQueriesReadTheDatabase() {
    JsonArray res =
        result(
            "/api/v1/query_range?query="
                + q("histogram_quantile(0.99, sum(rate(pe_lat[2m])))")
                + "&start="
                + (t - 240_000) / 1000
                + "&end="
                + t / 1000
                + "&step=60");
    JsonArray values = res.getJsonObject(0).getJsonArray("values");
    assertThat(values).hasSize(5);
    for (int i = 0; i < values.size(); i++) {
      assertThat(Double.parseDouble(values.getJsonArray(i).getString(1)))
          .isCloseTo(99, within(1.5));
    }
    JsonArray cpu =
        result(
            "/api/v1/query_range?query="
                + q("max by (release) (max_over_time(pe_cpu[1m]))")
                + "&start="
                + (t - 120_000) / 1000
                + "&end="
                + t / 1000
                + "&step=30s");
    assertThat(cpu).hasSize(2);
    assertThat(cpu.getJsonObject(0).getJsonArray("values")).hasSize(5);
  }
}
