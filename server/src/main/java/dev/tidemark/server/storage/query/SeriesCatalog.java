package dev.tidemark.server.storage.query;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The series of a metric, read from the catalogue by metric name only; label matchers (regexes
 * included) are applied in Java, so label names and values never reach SQL text and matching is
 * exactly query-dsl's.
 */
final class SeriesCatalog {

  /** A stored series: its id and labels. */
  record Entry(long id, Map<String, String> labels) {}

  private SeriesCatalog() {}

  static List<Entry> select(Connection c, String metric, Predicate<Map<String, String>> selects)
      throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, labels::text FROM series WHERE metric = ? ORDER BY id")) {
      ps.setString(1, metric);
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, String> labels = labels(rs.getString(2));
          if (selects.test(labels)) {
            out.add(new Entry(rs.getLong(1), labels));
          }
        }
      }
    }
    return out;
  }

  static boolean exists(Connection c, String metric) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM series WHERE metric = ? LIMIT 1")) {
      ps.setString(1, metric);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static Map<String, String> labels(String json) {
    Map<String, String> labels = new TreeMap<>();
    new JsonObject(json).forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    return labels;
  }
}
