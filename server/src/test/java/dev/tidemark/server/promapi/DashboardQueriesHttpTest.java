package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.query.promql.PromQl;
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
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Every Grafana dashboard query, through a real server: data for each metric the dashboards use is
 * ingested over HTTP, then each query runs as Grafana sends it (form-encoded {@code query_range})
 * against the SQL data source and must return data.
 */
class DashboardQueriesHttpTest {

  @Test
  void everyDashboardQueryReturnsDataFromARealServer() throws Exception {
    List<String> exprs = GrafanaDashboardQueriesTest.expressions();
    TreeSet<String> metrics = new TreeSet<>();
    for (String e : exprs) {
      GrafanaDashboardQueriesTest.metrics(PromQl.parse(e), metrics);
    }
    long t0 = (System.currentTimeMillis() / 60_000) * 60_000 - 40 * 60_000;
    long end = t0 + 30 * 60_000;
    List<Sample> samples = new ArrayList<>();
    List<HistogramSample> histograms = new ArrayList<>();
    for (String m : metrics) {
      boolean counter = m.endsWith("_total") || m.endsWith("_count");
      for (String release : List.of("v1", "v2")) {
        Labels labels =
            withAlertLabels(
                Map.of(
                    "release",
                    release,
                    "service",
                    "checkout",
                    "host",
                    "h1",
                    "op",
                    "pay",
                    "code",
                    "503",
                    "route",
                    "/api/v1/write",
                    "method",
                    "POST",
                    "protocol",
                    "influx",
                    "reason",
                    "bad",
                    "quantile",
                    "0.99"));
        for (int k = 0; k <= 120; k++) {
          long ts = t0 + k * 15_000L;
          if (m.equals("http_request_latency")) {
            Histogram h = new Histogram(3);
            for (int v = 1; v <= 50; v++) {
              h.recordValue(v);
            }
            histograms.add(new HistogramSample(m, labels, ts, "us", h));
          } else {
            samples.add(new Sample(m, labels, ts, counter ? 3.0 * k : 42));
          }
        }
      }
    }
    try (Tidemark server = TestServer.start(Map.of())) {
      Http http = new Http(server.port());
      byte[] body = BatchCodec.encode(new Batch("dashboards", 1, samples, histograms));
      HttpResponse<String> ingest = http.post("/api/v1/ingest", "application/json", body);
      assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(204);
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
      for (String e : exprs) {
        String form =
            "query="
                + URLEncoder.encode(e, StandardCharsets.UTF_8)
                + "&start="
                + (end - 10 * 60_000) / 1000
                + "&end="
                + end / 1000
                + "&step=60";
        HttpResponse<String> r =
            http.post(
                "/api/v1/query_range",
                "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(e + " → " + r.body()).isEqualTo(200);
        JsonArray result = new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
        assertThat(result).as(e).isNotEmpty();
        assertThat(result.getJsonObject(0).getJsonArray("values")).as(e).isNotEmpty();
      }
    }
  }

  /** The labels the alert panels filter on ({@code ALERTS{alertstate}}, the score's profile). */
  static Labels withAlertLabels(Map<String, String> labels) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put("alertstate", "firing");
    all.put("profile", "release");
    all.put("mode", "user"); // the host dashboard's CPU panel
    all.put("area", "heap"); // its JVM heap panel
    return Labels.of(all);
  }
}
