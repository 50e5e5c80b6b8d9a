package dev.tidemark.server.storage.promapi;

import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.SqlWork;
import dev.tidemark.server.promapi.SeriesCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link SeriesCatalog} over the {@code series} table, narrowed to a window by {@code series_seen}
 * (a series must have been seen at or after {@code start}, less the writer's slack, and at or
 * before {@code end}; a series without a row counts as seen always). Label names and values are
 * bound parameters, never SQL text; regex matchers are applied by the caller in Java. At most
 * {@link #MAX_ROWS} rows per answer.
 */
public final class SqlSeriesCatalog implements SeriesCatalog {
  /** Upper bound on rows one catalogue request returns. */
  public static final int MAX_ROWS = 100_000;

  private final Database database;

  public SqlSeriesCatalog(Database database) {
    this.database = database;
  }

  /** Series seen within the window: a join and two bound times, {@code ?} placeholders 1–2. */
  private static final String SEEN =
      " FROM series s LEFT JOIN series_seen w ON w.series_id = s.id"
          + " WHERE (w.series_id IS NULL OR (w.last_seen >= ? AND w.first_seen <= ?))";

  /** How far the recorded last time may trail the real one (the storage writer's slack). */
  static final long SLACK_MS = 60_000;

  @Override
  public Future<List<String>> metricNames(SeriesCatalog.Window window) {
    return strings(
        "SELECT DISTINCT s.metric" + SEEN + " ORDER BY 1 LIMIT " + MAX_ROWS, window, null);
  }

  @Override
  public Future<List<String>> labelNames(SeriesCatalog.Window window) {
    return strings(
        "SELECT DISTINCT k"
            + SEEN.replace(" WHERE", ", jsonb_object_keys(s.labels) AS k WHERE")
            + " ORDER BY 1 LIMIT "
            + MAX_ROWS,
        window,
        null);
  }

  @Override
  public Future<List<String>> labelValues(String label, SeriesCatalog.Window window) {
    return strings(
        "SELECT DISTINCT s.labels ->> ?"
            + SEEN
            + " AND s.labels ->> ? IS NOT NULL ORDER BY 1 LIMIT "
            + MAX_ROWS,
        window,
        label);
  }

  @Override
  public Future<List<Map<String, String>>> series(String metric, SeriesCatalog.Window window) {
    return call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT s.metric, s.labels::text"
                      + SEEN
                      + " AND (?::text IS NULL OR s.metric = ?)"
                      + " ORDER BY s.id LIMIT "
                      + MAX_ROWS)) {
            bindWindow(ps, 1, window);
            ps.setString(3, metric);
            ps.setString(4, metric);
            List<Map<String, String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Map<String, String> labels = new TreeMap<>();
                new JsonObject(rs.getString(2))
                    .forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
                labels.put("__name__", rs.getString(1));
                out.add(labels);
              }
            }
            return out;
          }
        });
  }

  private static void bindWindow(PreparedStatement ps, int at, SeriesCatalog.Window window)
      throws java.sql.SQLException {
    // years 1 to 9999: inside what timestamptz and the JDBC driver both handle
    long min = -62_135_596_800_000L;
    long max = 253_402_300_799_999L;
    long start = Math.max(min, window.start() == Long.MIN_VALUE ? min : window.start() - SLACK_MS);
    long end = Math.min(max, Math.max(min, window.end()));
    start = Math.min(max, start);
    ps.setTimestamp(at, new java.sql.Timestamp(start));
    ps.setTimestamp(at + 1, new java.sql.Timestamp(end));
  }

  /** A one-column query: {@code param} (if any) first, then the window, then {@code param}. */
  private Future<List<String>> strings(String sql, SeriesCatalog.Window window, String param) {
    return call(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int at = 1;
            if (param != null) {
              ps.setString(at++, param);
            }
            bindWindow(ps, at, window);
            if (param != null) {
              ps.setString(at + 2, param);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
            return out;
          }
        });
  }

  private <T> Future<T> call(SqlWork<T> work) {
    return database.call(Vertx.currentContext(), work);
  }
}
