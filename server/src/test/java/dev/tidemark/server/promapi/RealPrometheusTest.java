package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.RealPrometheus;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real Prometheus (Debian's {@code prometheus}, which {@code .ci/run} installs) scrapes a target
 * every second and remote-writes to Tidemark; then the same PromQL is asked of both over their HTTP
 * APIs, at a time whose samples both hold, and the answers must agree. Prometheus is the oracle for
 * Tidemark's PromQL subset, and its remote_write client is the real writer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusTest {
  Tidemark server;
  Http tidemark;
  Http prometheus;
  RealPrometheus real;
  HttpServer target;
  final AtomicInteger scrapes = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    real = RealPrometheus.prepare("prometheus");
    server = TestServer.start(Map.of());
    tidemark = new Http(server.port());
    target = RealPrometheus.target(this::exposition);

    real.start(
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 900ms",
            "scrape_configs:",
            "  - job_name: e2e",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + target.getAddress().getPort() + "']",
            "remote_write:",
            "  - url: http://127.0.0.1:" + server.port() + "/api/v1/write",
            "    queue_config:",
            "      batch_send_deadline: 500ms",
            "      min_backoff: 100ms",
            "      max_backoff: 1s",
            ""));
    prometheus = real.http();
  }

  @AfterAll
  void stop() throws Exception {
    if (real != null) {
      real.close();
    }
    if (target != null) {
      target.stop(0);
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Two counters, a gauge, a classic histogram and, for the first five scrapes only, a series that
   * then disappears (Prometheus writes a stale marker for it).
   */
  String exposition() {
    int n = scrapes.incrementAndGet();
    StringBuilder s = new StringBuilder();
    s.append("# TYPE e2e_requests_total counter\n");
    s.append("e2e_requests_total{route=\"/a\"} ").append(7 * n).append('\n');
    s.append("e2e_requests_total{route=\"/b\"} ").append(3 * n + (n % 4)).append('\n');
    s.append("# TYPE e2e_temperature gauge\n");
    s.append("e2e_temperature{room=\"lab\"} ").append(20 + (n % 5) * 0.5).append('\n');
    s.append("# TYPE e2e_latency_seconds histogram\n");
    double[] le = {0.01, 0.05, 0.1, 0.5};
    int[] perScrape = {2, 5, 9, 10};
    for (int i = 0; i < le.length; i++) {
      s.append("e2e_latency_seconds_bucket{le=\"")
          .append(le[i])
          .append("\"} ")
          .append(perScrape[i] * n)
          .append('\n');
    }
    s.append("e2e_latency_seconds_bucket{le=\"+Inf\"} ").append(11 * n).append('\n');
    s.append("e2e_latency_seconds_sum ").append(0.9 * n).append('\n');
    s.append("e2e_latency_seconds_count ").append(11 * n).append('\n');
    if (n <= 5) {
      s.append("e2e_ephemeral 1\n");
    }
    return s.toString();
  }

  @Test
  void sameAnswersFromTidemarkAndPrometheus() {
    RealPrometheus.await("20 scrapes", () -> scrapes.get() >= 20);
    // a time a few scrapes back: every sample at or before it has been scraped by now
    long at = System.currentTimeMillis() / 1000 - 4;
    List<String> queries =
        List.of(
            "1+1",
            "e2e_temperature",
            "e2e_requests_total",
            "up",
            "rate(e2e_requests_total[5s])",
            "irate(e2e_requests_total[5s])",
            "increase(e2e_requests_total[10s])",
            "sum by (job) (rate(e2e_requests_total[5s]))",
            "max_over_time(e2e_temperature[10s])",
            "avg_over_time(e2e_temperature[10s])",
            "count(e2e_requests_total)",
            "e2e_requests_total * 2 + 1",
            "histogram_quantile(0.9, sum by (le) (rate(e2e_latency_seconds_bucket[10s])))");
    for (String q : queries) {
      String path = "/api/v1/query?query=" + enc(q) + "&time=" + at;
      awaitSame(q, () -> prometheus.get(path).body(), () -> tidemark.get(path).body());
    }
    // Grafana's range query shape: a form-encoded POST with start, end and step
    String range =
        "query="
            + enc("sum by (route) (rate(e2e_requests_total[5s]))")
            + "&start="
            + (at - 12)
            + "&end="
            + at
            + "&step=2";
    awaitSame(
        "query_range",
        () -> prometheus.get("/api/v1/query_range?" + range).body(),
        () ->
            tidemark
                .post(
                    "/api/v1/query_range",
                    "application/x-www-form-urlencoded",
                    range.getBytes(StandardCharsets.UTF_8))
                .body());
  }

  @Test
  void grafanaFindsTheSameLabelsAndSeries() {
    RealPrometheus.await("the target scraped", () -> scrapes.get() >= 3);
    String values = "/api/v1/label/route/values";
    awaitSame(values, () -> prometheus.get(values).body(), () -> tidemark.get(values).body());
    String series = "/api/v1/series?match%5B%5D=" + enc("e2e_requests_total");
    awaitSame(series, () -> prometheus.get(series).body(), () -> tidemark.get(series).body());
  }

  /** The series the target stops exposing ends where Prometheus' staleness marker says. */
  @Test
  void aSeriesEndsAtItsStalenessMarkerInBoth() {
    RealPrometheus.await("the ephemeral series gone for a while", () -> scrapes.get() >= 12);
    long end = System.currentTimeMillis() / 1000 - 2;
    String range = "query=e2e_ephemeral&start=" + (end - 300) + "&end=" + end + "&step=1";
    awaitSame(
        "e2e_ephemeral over its life and end",
        () -> prometheus.get("/api/v1/query_range?" + range).body(),
        () -> tidemark.get("/api/v1/query_range?" + range).body());
    assertThat(tidemark.get("/metrics").body())
        .containsPattern("tidemark_ingest_stale_markers_total\\{protocol=\"remote_write\"} [1-9]");
  }

  /** Polls until both answers have the same data: Prometheus delivers in batches. */
  void awaitSame(String what, Supplier<String> expected, Supplier<String> actual) {
    long deadline = System.nanoTime() + RealPrometheus.DEADLINE.toNanos();
    Object want = null;
    Object got = null;
    while (System.nanoTime() < deadline) {
      want = normalise(expected.get());
      got = normalise(actual.get());
      if (want.equals(got) && !isEmpty(want)) {
        return;
      }
      RealPrometheus.sleep(500);
    }
    assertThat(got).as("%s: Tidemark vs Prometheus\n%s", what, real.logTail()).isEqualTo(want);
  }

  static boolean isEmpty(Object answer) {
    return answer instanceof Map<?, ?> m
        ? m.isEmpty()
        : answer instanceof java.util.Collection<?> c && c.isEmpty();
  }

  /**
   * The data of an API answer, comparable across servers: result series keyed by their labels,
   * values parsed as numbers and rounded to 9 significant digits.
   */
  static Object normalise(String body) {
    JsonObject json = new JsonObject(body);
    assertThat(json.getString("status")).as(body).isEqualTo("success");
    Object data = json.getValue("data");
    if (data instanceof JsonArray list) {
      return normaliseList(list);
    }
    JsonObject d = (JsonObject) data;
    JsonArray rows = d.getJsonArray("result");
    if (d.getString("resultType").equals("scalar")) {
      return "scalar " + value(rows);
    }
    Map<String, Object> out = new TreeMap<>();
    for (Object r : rows) {
      JsonObject row = (JsonObject) r;
      String key = new TreeMap<>(row.getJsonObject("metric").getMap()).toString();
      if (row.containsKey("values")) {
        StringBuilder points = new StringBuilder();
        for (Object p : row.getJsonArray("values")) {
          points.append(value((JsonArray) p)).append(' ');
        }
        out.put(key, points.toString());
      } else {
        out.put(key, value(row.getJsonArray("value")));
      }
    }
    return out;
  }

  static Object normaliseList(JsonArray list) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (Object o : list) {
      out.add(o instanceof JsonObject m ? new TreeMap<>(m.getMap()).toString() : String.valueOf(o));
    }
    return out;
  }

  static String value(JsonArray point) {
    double v = Double.parseDouble(point.getString(1));
    String t =
        new java.math.BigDecimal(String.valueOf(point.getValue(0)))
            .stripTrailingZeros()
            .toPlainString();
    return t + "=" + String.format("%.9g", v);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
