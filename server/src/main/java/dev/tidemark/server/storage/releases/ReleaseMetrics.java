package dev.tidemark.server.storage.releases;

import dev.tidemark.server.storage.block.Columns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The performance data of a release: every raw sample and histogram whose series carries its {@code
 * release} label (and its {@code service}, or no service label). One sample is one run; one
 * histogram is one run, valued at its mean. Runs are grouped by metric and {@code operation} label.
 */
public final class ReleaseMetrics {
  /** Runs read per metric and operation at most (the newest are kept). */
  public static final int MAX_RUNS = 5000;

  private static final String RUNS =
      "SELECT metric, op, value, ts FROM ("
          + " SELECT s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op', '') AS op, x.value, x.ts,"
          + " row_number() OVER (PARTITION BY s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op')"
          + " ORDER BY x.ts DESC) AS n"
          + " FROM series s JOIN samples x ON x.series_id = s.id"
          + " WHERE s.release = ? AND (s.service = ? OR s.service IS NULL)"
          + " UNION ALL"
          + " SELECT s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op', ''), h.sum_value / h.count,"
          + " h.ts, row_number() OVER (PARTITION BY s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op')"
          + " ORDER BY h.ts DESC)"
          + " FROM series s JOIN histograms h ON h.series_id = s.id"
          + " WHERE s.release = ? AND (s.service = ? OR s.service IS NULL) AND h.count > 0"
          + ") r WHERE n <= "
          + MAX_RUNS
          + " ORDER BY metric, op, ts";

  /** Points of the release's sample series packed in blocks (older days, plain PostgreSQL). */
  private static final String PACKED =
      "SELECT s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op', ''), b.data"
          + " FROM series s JOIN sample_blocks b ON b.series_id = s.id"
          + " WHERE s.release = ? AND (s.service = ? OR s.service IS NULL)";

  private ReleaseMetrics() {}

  /** {@code metric} + TAB + {@code operation} → runs in time order. */
  public static Map<String, double[]> runs(Connection c, String service, String version)
      throws SQLException {
    Map<String, double[]> out = new LinkedHashMap<>();
    collect(c, service, version).forEach((k, runs) -> out.put(k, runs.values()));
    return out;
  }

  /** One row per metric and operation: runs, first and last time, min, mean, max. */
  public static JsonArray summary(Connection c, String service, String version)
      throws SQLException {
    JsonArray out = new JsonArray();
    collect(c, service, version)
        .forEach(
            (key, runs) -> {
              int tab = key.indexOf('\t');
              String op = key.substring(tab + 1);
              double[] v = runs.values();
              double min = Double.POSITIVE_INFINITY;
              double max = Double.NEGATIVE_INFINITY;
              double sum = 0;
              for (double x : v) {
                min = Math.min(min, x);
                max = Math.max(max, x);
                sum += x;
              }
              out.add(
                  new JsonObject()
                      .put("metric", key.substring(0, tab))
                      .put("operation", op.isEmpty() ? null : op)
                      .put("runs", (long) v.length)
                      .put("from", Instant.ofEpochMilli(runs.times[0]).toString())
                      .put("to", Instant.ofEpochMilli(runs.times[runs.size - 1]).toString())
                      .put("min", min)
                      .put("mean", sum / v.length)
                      .put("max", max));
            });
    return out;
  }

  /** Runs of one metric and operation, in time order. */
  private static final class Runs {
    long[] times = new long[16];
    double[] values = new double[16];
    int size;

    void add(long t, double v) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      times[size] = t;
      values[size++] = v;
    }

    /** Sorts by time and keeps the newest {@link #MAX_RUNS}. */
    void finish() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
      int from = Math.max(0, size - MAX_RUNS);
      long[] t = new long[size - from];
      double[] v = new double[size - from];
      for (int i = from; i < size; i++) {
        t[i - from] = times[order[i]];
        v[i - from] = values[order[i]];
      }
      times = t;
      values = v;
      size = t.length;
    }

    double[] values() {
      return Arrays.copyOf(values, size);
    }
  }

  /** Runs per metric + TAB + operation, sorted by key, from rows, histograms and blocks. */
  private static Map<String, Runs> collect(Connection c, String service, String version)
      throws SQLException {
    Map<String, Runs> acc = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(RUNS)) {
      ps.setString(1, version);
      ps.setString(2, service);
      ps.setString(3, version);
      ps.setString(4, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          acc.computeIfAbsent(rs.getString(1) + "\t" + rs.getString(2), k -> new Runs())
              .add(rs.getTimestamp(4).getTime(), rs.getDouble(3));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(PACKED)) {
      ps.setString(1, version);
      ps.setString(2, service);
      try (ResultSet rs = ps.executeQuery()) {
        Columns points = new Columns(256);
        while (rs.next()) {
          points.clear();
          points.addBlock(rs.getBytes(3), Long.MIN_VALUE, Long.MAX_VALUE);
          Runs runs =
              acc.computeIfAbsent(rs.getString(1) + "\t" + rs.getString(2), k -> new Runs());
          for (int i = 0; i < points.size(); i++) {
            runs.add(points.time(i), points.value(i));
          }
        }
      }
    }
    acc.values().forEach(Runs::finish);
    return acc;
  }
}
