package dev.tidemark.bench.query;

import dev.tidemark.bench.Table;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Prometheus catalogue endpoints Grafana calls (metric names, label names, a metric's series)
 * on 100,000 series, 10% of them seen in the last hour: asked for the last hour ({@code
 * start}/{@code end}, narrowed through {@code series_seen}) against the same request without a
 * window (the whole catalogue, what every request cost before the catalogue knew time). Goal: the
 * windowed request no slower than 1.5× the unwindowed one. Best of {@value #RUNS} runs after
 * {@value #WARMUP} warm-up runs, over HTTP on a running server.
 */
public final class CatalogBench {
  static final int SERIES = 100_000;
  static final int METRICS = 100;
  private static final int WARMUP = 10;
  private static final int RUNS = 15;

  private final Supplier<String> databases;

  public CatalogBench(Supplier<String> databases) {
    this.databases = databases;
  }

  public void run(Table table) throws Exception {
    String url = databases.get();
    try (Tidemark server = TestServer.start(url, Map.of())) {
      load(url);
      Http http = new Http(server.port());
      long now = System.currentTimeMillis() / 1000;
      String hour = "start=" + (now - 3600) + "&end=" + now;
      measure(table, http, "label/__name__/values", "/api/v1/label/__name__/values?", hour);
      measure(table, http, "labels", "/api/v1/labels?", hour);
      measure(
          table,
          http,
          "series of one metric",
          "/api/v1/series?match[]=" + URLEncoder.encode("m7", StandardCharsets.UTF_8) + "&",
          hour);
    }
  }

  /** 100 metrics × 1,000 series; every tenth series seen in the last hour, the rest a week ago. */
  private static void load(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO series (fingerprint, metric, labels)"
              + " SELECT md5('bench' || i)::uuid, 'm' || (i % "
              + METRICS
              + "), jsonb_build_object('host', 'h' || (i / "
              + METRICS
              + " % 50), 'path', '/p' || (i / 5000), 'instance', 'i' || i)"
              + " FROM generate_series(0, "
              + (SERIES - 1)
              + ") AS i");
      s.execute(
          "INSERT INTO series_seen (series_id, first_seen, last_seen)"
              + " SELECT id, now() - interval '30 days',"
              + " CASE WHEN id % 10 = 0 THEN now() ELSE now() - interval '7 days' END FROM series");
      s.execute("VACUUM ANALYZE series");
      s.execute("VACUUM ANALYZE series_seen");
    }
  }

  private static void measure(Table table, Http http, String what, String path, String window) {
    double windowed = best(http, path + window);
    double all = best(http, path);
    table.add(
        "catalogue " + what + ", last hour of 100k series (ms)",
        String.format(Locale.ROOT, "%.1f", windowed),
        String.format(Locale.ROOT, "%.1f (no window)", all),
        windowed / all,
        "≤ 1.5×");
  }

  private static double best(Http http, String path) {
    for (int i = 0; i < WARMUP; i++) {
      check(http.get(path));
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      check(http.get(path));
      best = Math.min(best, (System.nanoTime() - t0) / 1e6);
    }
    return best;
  }

  private static void check(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("cannot measure the catalogue: " + r.body());
    }
  }
}
