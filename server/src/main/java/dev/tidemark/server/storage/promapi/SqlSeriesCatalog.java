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
 * {@link SeriesCatalog} over the {@code series} table. Label names and values are bound parameters,
 * never SQL text; regex matchers are applied by the caller in Java. At most {@link #MAX_ROWS} rows
 * per answer.
 */
public final class SqlSeriesCatalog implements SeriesCatalog {
  /** Upper bound on rows one catalogue request returns. */
  public static final int MAX_ROWS = 100_000;

  private final Database database;

  public SqlSeriesCatalog(Database database) {
    this.database = database;
  }

  @Override
  public Future<List<String>> metricNames() {
    return strings("SELECT DISTINCT metric FROM series ORDER BY 1 LIMIT " + MAX_ROWS, null);
  }

  @Override
  public Future<List<String>> labelNames() {
    return strings(
        "SELECT DISTINCT k FROM series, jsonb_object_keys(labels) AS k ORDER BY 1 LIMIT "
            + MAX_ROWS,
        null);
  }

  @Override
  public Future<List<String>> labelValues(String label) {
    return strings(
        "SELECT DISTINCT labels ->> ? FROM series WHERE labels ->> ? IS NOT NULL"
            + " ORDER BY 1 LIMIT "
            + MAX_ROWS,
        label);
  }

  @Override
  public Future<List<Map<String, String>>> series(String metric) {
    return call(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT metric, labels::text FROM series WHERE (?::text IS NULL OR metric = ?)"
                      + " ORDER BY id LIMIT "
                      + MAX_ROWS)) {
            ps.setString(1, metric);
            ps.setString(2, metric);
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

  private Future<List<String>> strings(String sql, String param) {
    return call(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
              ps.setString(1, param);
              ps.setString(2, param);
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
