package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.RealPrometheus;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The PromQL compliance test set's 539 queries (prometheus/compliance, {@code
 * promql-test-queries.yml}, templates expanded into {@code promql-compliance/queries.tsv}), asked
 * as range queries of both a real Prometheus and Tidemark, which hold the same data: Prometheus
 * scrapes three {@link DemoTarget}s every second and remote-writes every sample and staleness
 * marker to Tidemark. Judged by the compliance tester's rules: a query Prometheus refuses must be
 * refused; otherwise both answer the same series (labels), at the same timestamps, with values
 * within 1e-5 relative (NaN equal to NaN). The disagreements are printed and written to {@code
 * target/promql-compliance.txt}; the test fails below {@link #FLOOR}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromQlComplianceTest {
  /** The share of queries that must agree: all 539, what Tidemark reached when this was written. */
  static final double FLOOR = 1.0;

  /** How long Prometheus scrapes before the queries run: long enough for 1m offsets. */
  static final long SCRAPE_SECONDS = Long.getLong("tidemark.compliance.scrape.seconds", 110);

  static final double FRACTION = 0.00001;

  Tidemark server;
  Http tidemark;
  Http prometheus;
  RealPrometheus real;
  final List<DemoTarget> targets = new ArrayList<>();
  long firstScrape;
  int nonEmpty;

  @BeforeAll
  void start() throws Exception {
    real = RealPrometheus.prepare("compliance");
    server = TestServer.start(Map.of());
    tidemark = new Http(server.port());
    StringBuilder scrape = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      DemoTarget t = new DemoTarget(i);
      targets.add(t);
      scrape
          .append("      - targets: ['127.0.0.1:")
          .append(t.port())
          .append("']\n        labels: {instance: 'demo.promlabs.com:1000")
          .append(i)
          .append("'}\n");
    }
    real.start(
        "global:\n"
            + "  scrape_interval: 1s\n"
            + "  scrape_timeout: 900ms\n"
            + "scrape_configs:\n"
            + "  - job_name: demo\n"
            + "    static_configs:\n"
            + scrape
            + "remote_write:\n"
            + "  - url: http://127.0.0.1:"
            + server.port()
            + "/api/v1/write\n"
            + "    metadata_config:\n"
            + "      send_interval: 2s\n"
            + "    queue_config:\n"
            + "      batch_send_deadline: 500ms\n"
            + "      min_backoff: 100ms\n"
            + "      max_backoff: 1s\n");
    prometheus = real.http();
    firstScrape = System.currentTimeMillis() / 1000;
  }

  @AfterAll
  void stop() throws Exception {
    if (real != null) {
      real.close();
    }
    targets.forEach(DemoTarget::close);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theComplianceQueriesAgreeWithPrometheus() throws Exception {
    long wait = firstScrape + SCRAPE_SECONDS - System.currentTimeMillis() / 1000;
    if (wait > 0) {
      Thread.sleep(wait * 1000);
    }
    // the targets go away, so no sample arrives while the queries run (negative offsets read ahead
    // of the window); Prometheus then writes staleness markers for every series, and so sends them
    long stopped = System.currentTimeMillis() / 1000;
    targets.forEach(DemoTarget::close);
    Thread.sleep(4000);
    long end = stopped - 5;
    long start = end - 60;
    awaitSynced(System.currentTimeMillis() / 1000);
    List<String[]> queries = queries();
    List<String> disagreements = new ArrayList<>();
    int agreed = 0;
    nonEmpty = 0;
    for (String[] q : queries) {
      String why = compare(q[1], q[0].equals("fail"), start, end);
      if (why != null) {
        Thread.sleep(500); // one more try, in case a late remote_write batch was still on its way
        why = compare(q[1], q[0].equals("fail"), start, end);
      }
      if (why == null) {
        agreed++;
      } else {
        disagreements.add(q[1] + "\n    " + why);
      }
    }
    String report =
        agreed
            + " of "
            + queries.size()
            + " agree ("
            + String.format("%.1f%%", 100.0 * agreed / queries.size())
            + "), "
            + nonEmpty
            + " of them with series in both\n"
            + String.join("\n", disagreements)
            + "\n";
    System.out.println("PromQL compliance: " + report);
    Files.writeString(Path.of("target", "promql-compliance.txt"), report);
    assertThat((double) agreed / queries.size()).as(report).isGreaterThanOrEqualTo(FLOOR);
    assertThat(nonEmpty)
        .as("queries whose answers hold data: the data must exercise them")
        .isGreaterThan(400);
  }

  /** Prometheus sends each family's type, help and unit with remote_write; Grafana reads them. */
  @Test
  void metadataArrivesWithRemoteWrite() {
    RealPrometheus.await(
        "metadata of demo_memory_usage_bytes",
        () ->
            tidemark
                .get("/api/v1/metadata?metric=demo_memory_usage_bytes")
                .body()
                .contains("\"type\":\"gauge\""));
    JsonObject all = new JsonObject(tidemark.get("/api/v1/metadata").body()).getJsonObject("data");
    assertThat(all.getJsonArray("demo_cpu_usage_seconds_total").getJsonObject(0).getString("type"))
        .isEqualTo("counter");
    assertThat(
            all.getJsonArray("demo_api_request_duration_seconds")
                .getJsonObject(0)
                .getString("type"))
        .isEqualTo("histogram");
  }

  /** Waits until Tidemark counts as many samples up to {@code end} as Prometheus. */
  void awaitSynced(long end) {
    for (String metric :
        List.of(
            "up",
            "demo_memory_usage_bytes",
            "demo_api_request_duration_seconds_bucket",
            "demo_intermittent_metric")) {
      String path =
          "/api/v1/query?time="
              + end
              + "&query="
              + enc("sum(count_over_time(" + metric + "[" + (SCRAPE_SECONDS + 60) + "s]))");
      RealPrometheus.await(
          "Tidemark holding every sample of " + metric + " up to the query window's end",
          () ->
              Objects.equals(
                  scalarOf(prometheus.get(path).body()), scalarOf(tidemark.get(path).body())));
    }
  }

  static String scalarOf(String body) {
    if (!body.contains("\"success\"")) {
      System.out.println("PromQL compliance: waiting, got " + body);
      return body;
    }
    JsonArray result = new JsonObject(body).getJsonObject("data").getJsonArray("result");
    return result.isEmpty() ? "none" : result.getJsonObject(0).getJsonArray("value").getString(1);
  }

  /** Null when both answer alike, else why not. */
  String compare(String query, boolean shouldFail, long start, long end) {
    String path =
        "/api/v1/query_range?query=" + enc(query) + "&start=" + start + "&end=" + end + "&step=2";
    JsonObject want = new JsonObject(prometheus.get(path).body());
    JsonObject got = new JsonObject(tidemark.get(path).body());
    boolean wantOk = "success".equals(want.getString("status"));
    boolean gotOk = "success".equals(got.getString("status"));
    if (shouldFail) {
      return gotOk ? "Tidemark answered a query Prometheus refuses" : null;
    }
    if (!wantOk) {
      return "Prometheus refused it: " + want.getString("error");
    }
    if (!gotOk) {
      return "Tidemark refused it: " + got.getString("error");
    }
    Map<String, JsonArray> expected = series(want);
    Map<String, JsonArray> actual = series(got);
    if (!expected.keySet().equals(actual.keySet())) {
      return "series differ: Prometheus " + expected.keySet() + ", Tidemark " + actual.keySet();
    }
    if (!expected.isEmpty()) {
      nonEmpty++;
    }
    for (Map.Entry<String, JsonArray> e : expected.entrySet()) {
      JsonArray a = e.getValue();
      JsonArray b = actual.get(e.getKey());
      if (a.size() != b.size()) {
        return e.getKey() + ": " + a.size() + " points in Prometheus, " + b.size() + " in Tidemark";
      }
      for (int i = 0; i < a.size(); i++) {
        JsonArray p = a.getJsonArray(i);
        JsonArray q = b.getJsonArray(i);
        if (time(p) != time(q) || !close(p.getString(1), q.getString(1))) {
          return e.getKey() + ": Prometheus " + p + ", Tidemark " + q;
        }
      }
    }
    return null;
  }

  static Map<String, JsonArray> series(JsonObject answer) {
    Map<String, JsonArray> out = new TreeMap<>();
    for (Object o : answer.getJsonObject("data").getJsonArray("result")) {
      JsonObject row = (JsonObject) o;
      out.put(
          new TreeMap<>(row.getJsonObject("metric").getMap()).toString(),
          row.getJsonArray("values"));
    }
    return out;
  }

  static long time(JsonArray point) {
    return Math.round(((Number) point.getValue(0)).doubleValue() * 1000);
  }

  /** The compliance tester's rule: within 1e-5 of the smaller magnitude; NaN equals NaN. */
  static boolean close(String a, String b) {
    double x = Double.parseDouble(a.replace("Inf", "Infinity"));
    double y = Double.parseDouble(b.replace("Inf", "Infinity"));
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return Double.isNaN(x) && Double.isNaN(y);
    }
    if (x == y) {
      return true;
    }
    return Math.abs(x - y) <= FRACTION * Math.min(Math.abs(x), Math.abs(y));
  }

  static List<String[]> queries() throws IOException {
    List<String[]> out = new ArrayList<>();
    try (InputStream in =
        PromQlComplianceTest.class.getResourceAsStream("/promql-compliance/queries.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        out.add(line.split("\t", 2));
      }
    }
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
