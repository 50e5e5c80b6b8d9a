package dev.tidemark.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tidemark.alerting.eval.OutputSample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.RealPrometheus;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One rule file, loaded into a real Prometheus 2.42 and into Tidemark. Prometheus scrapes a target
 * and remote-writes the samples to Tidemark (its own rule results are dropped on the way, so each
 * side's are its own); then both must agree on which alerts fire, with which labels and
 * annotations, and on the recorded series' values at Prometheus' own evaluation times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusRulesTest {
  static final String RULES =
      """
      groups:
        - name: compare
          interval: 1s
          rules:
            - record: queue:depth:sum
              expr: sum(rt_queue_depth)
            - record: route:requests:rate10s
              expr: sum by (route) (rate(rt_requests_total[10s]))
            - alert: QueueDeep
              expr: rt_queue_depth > 20
              labels:
                severity: ticket
              annotations:
                summary: "{{ $labels.queue }} holds {{ $value }} jobs"
            - alert: QueueVeryDeep
              expr: rt_queue_depth > 40
              for: 3s
              labels:
                severity: "page-{{ $labels.queue }}"
      """;

  Tidemark server;
  Http prometheus;
  RealPrometheus real;
  Path dir;
  HttpServer target;
  String groupKey;
  final AtomicInteger scrapes = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    real = RealPrometheus.prepare("prometheus-rules");
    dir = real.dir();
    Path rules = dir.resolve("rules.yml");
    Files.writeString(rules, RULES);
    groupKey = rules + ";compare";
    server =
        TestServer.start(
            Map.of(
                ConfigKey.ALERTING_RULE_FILES,
                rules.toString(),
                ConfigKey.ALERTING_BUILTIN_RULES,
                "none"));
    target = RealPrometheus.target(this::exposition);
    real.start(
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 900ms",
            "  evaluation_interval: 1s",
            "rule_files: ['" + rules + "']",
            "scrape_configs:",
            "  - job_name: rt",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + target.getAddress().getPort() + "']",
            "remote_write:",
            "  - url: http://127.0.0.1:" + server.port() + "/api/v1/write",
            "    write_relabel_configs:",
            "      - source_labels: [__name__]",
            "        regex: 'queue:.*|route:.*|ALERTS.*'",
            "        action: drop",
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

  String exposition() {
    int n = scrapes.incrementAndGet();
    return "# TYPE rt_queue_depth gauge\n"
        + "rt_queue_depth{queue=\"a\"} 50\n"
        + "rt_queue_depth{queue=\"b\"} 5\n"
        + "rt_queue_depth{queue=\"c\"} 30\n"
        + "# TYPE rt_requests_total counter\n"
        + "rt_requests_total{route=\"/x\"} "
        + (7 * n)
        + "\n"
        + "rt_requests_total{route=\"/y\"} "
        + (3 * n + n % 3)
        + "\n";
  }

  @Test
  void theSameAlertsFireInBoth() {
    Http tidemark = new Http(server.port());
    long deadline = System.nanoTime() + RealPrometheus.DEADLINE.toNanos();
    Set<String> want = Set.of();
    Set<String> got = Set.of();
    while (System.nanoTime() < deadline) {
      want = alerts(prometheus.get("/api/v1/alerts").body());
      got = alerts(tidemark.get("/api/v1/alerts").body());
      if (want.equals(got) && want.stream().filter(s -> s.startsWith("firing")).count() == 3) {
        break;
      }
      RealPrometheus.sleep(300);
    }
    assertThat(got).as("Tidemark vs Prometheus\n" + real.logTail()).isEqualTo(want);
    String scraped = "instance=127.0.0.1:" + target.getAddress().getPort() + ", job=rt";
    assertThat(want)
        .containsExactlyInAnyOrder(
            "firing {alertname=QueueDeep, "
                + scraped
                + ", queue=a, severity=ticket} {summary=a holds 50 jobs}",
            "firing {alertname=QueueDeep, "
                + scraped
                + ", queue=c, severity=ticket} {summary=c holds 30 jobs}",
            "firing {alertname=QueueVeryDeep, " + scraped + ", queue=a, severity=page-a} {}");
  }

  @Test
  void recordingRulesAgreeAtPrometheusEvaluationTimes() {
    RealPrometheus.await("a minute of samples in Tidemark", () -> scrapes.get() >= 15);
    for (String metric : new String[] {"queue:depth:sum", "route:requests:rate10s"}) {
      // Prometheus' own results, with the times it evaluated at
      JsonArray series =
          new JsonObject(prometheus.get("/api/v1/query?query=" + enc(metric + "[20s]")).body())
              .getJsonObject("data")
              .getJsonArray("result");
      assertThat(series).as(metric).isNotEmpty();
      // five seconds back: every sample it read has reached Tidemark by now
      for (Object o : series) {
        JsonObject s = (JsonObject) o;
        JsonArray values = s.getJsonArray("values");
        JsonArray point = values.getJsonArray(Math.max(0, values.size() - 6));
        long at = Math.round(Double.parseDouble(String.valueOf(point.getValue(0))) * 1000);
        double expected = Double.parseDouble(point.getString(1));
        Map<String, String> labels =
            new TreeMap<>(
                s.getJsonObject("metric").getMap().entrySet().stream()
                    .collect(
                        java.util.stream.Collectors.toMap(
                            Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
        RealPrometheus.await(
            metric + " at " + at,
            () -> {
              for (OutputSample out : server.alerting().engine().evaluate(groupKey, at).samples()) {
                if (!out.stale() && new TreeMap<>(out.labels()).equals(labels)) {
                  return Math.abs(out.value() - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
                }
              }
              return false;
            });
      }
    }
  }

  /** Active alerts as "state {labels} {annotations}", comparable across the two servers. */
  static Set<String> alerts(String body) {
    Set<String> out = new TreeSet<>();
    JsonArray alerts = new JsonObject(body).getJsonObject("data").getJsonArray("alerts");
    for (Object o : alerts) {
      JsonObject a = (JsonObject) o;
      out.add(
          a.getString("state")
              + " "
              + new TreeMap<>(a.getJsonObject("labels").getMap())
              + " "
              + new TreeMap<>(a.getJsonObject("annotations").getMap()));
    }
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
