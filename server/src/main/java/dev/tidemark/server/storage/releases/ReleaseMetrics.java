package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.compare.Runs;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.storage.block.Columns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The performance data of a release: every raw sample and histogram whose series carries its {@code
 * release} label (and its {@code service}, or no service label). One sample is one run; one
 * histogram is one run, valued at its mean. Runs are grouped by metric and {@code operation} label.
 * The server's own series ({@code tidemark_*}, e.g. the quality scores it keeps) are no runs.
 */
public final class ReleaseMetrics {
  /** Runs read per metric and operation at most (the newest are kept). */
  public static final int MAX_RUNS = 5000;

  private static final String RUNS =
      "SELECT metric, op, value, ts, series_id FROM ("
          + " SELECT s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op', '') AS op, x.value, x.ts,"
          + " s.id AS series_id,"
          + " row_number() OVER (PARTITION BY s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op')"
          + " ORDER BY x.ts DESC) AS n"
          + " FROM series s JOIN samples x ON x.series_id = s.id"
          + " WHERE s.release = ? AND (s.service = ? OR s.service IS NULL)"
          + " AND s.metric NOT LIKE 'tidemark\\_%'"
          + " UNION ALL"
          + " SELECT s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op', ''), h.sum_value / h.count,"
          + " h.ts, s.id, row_number() OVER (PARTITION BY s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op')"
          + " ORDER BY h.ts DESC)"
          + " FROM series s JOIN histograms h ON h.series_id = s.id"
          + " WHERE s.release = ? AND (s.service = ? OR s.service IS NULL) AND h.count > 0"
          + ") r WHERE n <= "
          + MAX_RUNS
          + " ORDER BY metric, op, ts";

  /** Points of the release's sample series packed in blocks (older days, plain PostgreSQL). */
  private static final String PACKED =
      "SELECT s.metric, coalesce(s.labels ->> 'operation', s.labels ->> 'op', ''), s.id, b.data"
          + " FROM series s JOIN sample_blocks b ON b.series_id = s.id"
          + " WHERE s.release = ? AND (s.service = ? OR s.service IS NULL)"
          + " AND s.metric NOT LIKE 'tidemark\\_%'";

  /** One measurement before it becomes a run. */
  private record Point(String metric, String op, long seriesId, long ts, double value) {}

  private ReleaseMetrics() {}

  /**
   * {@code metric} + TAB + {@code operation} → runs in time order, as far as the raw tier still
   * holds them; counters as rates ({@link Runs}).
   */
  public static Map<String, double[]> runs(Connection c, String service, String version)
      throws SQLException {
    List<Point> points = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(RUNS)) {
      ps.setString(1, version);
      ps.setString(2, service);
      ps.setString(3, version);
      ps.setString(4, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          points.add(
              new Point(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(5),
                  rs.getTimestamp(4).getTime(),
                  rs.getDouble(3)));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(PACKED)) {
      ps.setString(1, version);
      ps.setString(2, service);
      try (ResultSet rs = ps.executeQuery()) {
        Columns block = new Columns(256);
        while (rs.next()) {
          block.clear();
          block.addBlock(rs.getBytes(4), Long.MIN_VALUE, Long.MAX_VALUE);
          for (int i = 0; i < block.size(); i++) {
            points.add(
                new Point(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getLong(3),
                    block.time(i),
                    block.value(i)));
          }
        }
      }
    }
    // rows and blocks together, in time order per metric and operation, the newest MAX_RUNS each
    points.sort(
        Comparator.comparing(Point::metric).thenComparing(Point::op).thenComparingLong(Point::ts));
    Runs acc = new Runs();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      int last = i;
      while (last + 1 < points.size()
          && points.get(last + 1).metric().equals(p.metric())
          && points.get(last + 1).op().equals(p.op())) {
        last++;
      }
      for (int k = Math.max(i, last + 1 - MAX_RUNS); k <= last; k++) {
        Point q = points.get(k);
        acc.add(q.metric(), q.op(), q.seriesId(), q.ts(), q.value());
      }
      i = last;
    }
    return acc.build();
  }

  /** One row per metric and operation: runs, first and last time, min, mean, max. */
  public static JsonArray summary(Connection c, String service, String version)
      throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT metric, op, count(*), min(ts), max(ts), min(value), avg(value), max(value)"
                + " FROM ("
                + RUNS
                + ") q GROUP BY metric, op ORDER BY metric, op")) {
      ps.setString(1, version);
      ps.setString(2, service);
      ps.setString(3, version);
      ps.setString(4, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JsonObject()
                  .put("metric", rs.getString(1))
                  .put("operation", rs.getString(2).isEmpty() ? null : rs.getString(2))
                  .put("runs", rs.getLong(3))
                  .put("from", rs.getTimestamp(4).toInstant().toString())
                  .put("to", rs.getTimestamp(5).toInstant().toString())
                  .put("min", rs.getDouble(6))
                  .put("mean", rs.getDouble(7))
                  .put("max", rs.getDouble(8)));
        }
      }
    }
    return out;
  }
}
