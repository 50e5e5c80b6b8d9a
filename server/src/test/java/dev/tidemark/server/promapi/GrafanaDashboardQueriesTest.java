package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.PromResult;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code expr} of every dashboard under {@code grafana-dashboards/dashboards}, with Grafana's
 * variables replaced as Grafana would, parses and returns data from a range query over known data
 * ({@code ${metric}} is a native histogram, {@code *_total}/{@code *_count} counters).
 */
class GrafanaDashboardQueriesTest {
  static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*(\"(?:\\\\.|[^\"\\\\])*\")");
  static final long T0 = 1_700_000_400_000L;
  static final long END = T0 + 30 * 60_000;
  static final Map<String, String> VARIABLES = new LinkedHashMap<>();

  static {
    VARIABLES.put("${metric}", "http_request_latency");
    VARIABLES.put("$__rate_interval", "2m");
    VARIABLES.put("$__range", "20m");
    VARIABLES.put("$__interval", "1m");
    VARIABLES.put("$release", "v1|v2");
    VARIABLES.put("$baseline", "v1");
    VARIABLES.put("$candidate", "v2");
    VARIABLES.put("$service", ".*");
    VARIABLES.put("$host", ".*");
    VARIABLES.put("$op", ".*");
    VARIABLES.put("$process", ".*");
  }

  static List<String> expressions() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("grafana-dashboards"))) {
      dir = dir.getParent();
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("grafana-dashboards/dashboards"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Matcher m = EXPR.matcher(Files.readString(f));
        while (m.find()) {
          String expr = Json.decodeValue(m.group(1), String.class);
          for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            expr = expr.replace(v.getKey(), v.getValue());
          }
          out.add(expr);
        }
      }
    }
    return out;
  }

  static void metrics(Expr e, TreeSet<String> out) {
    if (e instanceof Expr.Selector s) {
      out.add(s.metric());
    } else if (e instanceof Expr.RangeSelector r) {
      out.add(r.selector().metric());
    } else if (e instanceof Expr.Call c) {
      c.args().forEach(a -> metrics(a, out));
    } else if (e instanceof Expr.Aggregate a) {
      metrics(a.expr(), out);
    } else if (e instanceof Expr.Binary b) {
      metrics(b.lhs(), out);
      metrics(b.rhs(), out);
    } else if (e instanceof Expr.Negate n) {
      metrics(n.expr(), out);
    }
  }

  static InMemoryDataSource data(TreeSet<String> metrics) {
    InMemoryDataSource d = InMemoryDataSource.create();
    double[] obs = IntStream.rangeClosed(1, 50).asDoubleStream().toArray();
    for (String m : metrics) {
      boolean counter = m.endsWith("_total") || m.endsWith("_count");
      if (counter) {
        d.declare(m, MetricKind.COUNTER);
      }
      for (String release : List.of("v1", "v2")) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("release", release);
        labels.put("service", "checkout");
        labels.put("host", "h1");
        labels.put("op", "pay");
        labels.put("code", "503");
        labels.put("route", "/api/v1/write");
        labels.put("method", "POST");
        labels.put("protocol", "influx");
        labels.put("reason", "bad");
        labels.put("outcome", "ok");
        labels.put("quantile", "0.99");
        labels.put("alertstate", "firing"); // the alert panels filter on it
        labels.put("profile", "release");
        labels.put("mode", "user"); // the host dashboard's CPU panel
        labels.put("area", "heap"); // its JVM heap panel
        for (int k = 0; k <= 120; k++) {
          Instant t = Instant.ofEpochMilli(T0 + k * 15_000L);
          if (m.equals("http_request_latency")) {
            d.recordHistogram(m, labels, t, obs);
          } else {
            d.add(m, labels, t, counter ? 3.0 * k : 42);
          }
        }
      }
    }
    return d;
  }

  @Test
  void everyDashboardQueryRunsAndReturnsData() throws IOException {
    List<String> exprs = expressions();
    assertThat(exprs).hasSizeGreaterThan(20);
    TreeSet<String> metrics = new TreeSet<>();
    List<Expr> parsed = new ArrayList<>();
    for (String e : exprs) {
      Expr x = PromQl.parse(e);
      parsed.add(x);
      metrics(x, metrics);
    }
    PromQl engine = PromQl.over(data(metrics));
    for (int i = 0; i < parsed.size(); i++) {
      PromResult.Matrix m =
          (PromResult.Matrix) engine.range(parsed.get(i), END - 10 * 60_000, END, 60_000);
      assertThat(m.series()).as(exprs.get(i)).isNotEmpty();
      assertThat(m.series().get(0).times()).as(exprs.get(i)).isNotEmpty();
    }
  }
}
