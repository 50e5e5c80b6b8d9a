package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.compare.Runs;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  private ReleaseMetrics() {}

  /**
   * {@code metric} + TAB + {@code operation} → runs in time order, as far as the raw tier still
   * holds them; counters as rates ({@link Runs}).
   */
  public static Map<String, double[]> runs(Connection c, String service, String version)
      throws SQLException {
    Runs acc = new Runs();
    try (PreparedStatement ps = c.prepareStatement(RUNS)) {
      ps.setString(1, version);
      ps.setString(2, service);
      ps.setString(3, version);
      ps.setString(4, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          acc.add(
              rs.getString(1),
              rs.getString(2),
              rs.getLong(5),
              rs.getTimestamp(4).getTime(),
              rs.getDouble(3));
        }
      }
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
