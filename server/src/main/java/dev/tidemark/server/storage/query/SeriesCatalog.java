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

  /**
   * Every series of a metric, and whether any of them carries a unit (only histogram series are
   * registered with one, see {@link MetricKinds}).
   */
  record Metric(List<Entry> series, boolean unitSeen) {

    /** The series whose labels {@code selects} accepts, in id order. */
    List<Entry> select(Predicate<Map<String, String>> selects) {
      List<Entry> out = new ArrayList<>();
      for (Entry e : series) {
        if (selects.test(e.labels())) {
          out.add(e);
        }
      }
      return out;
    }
  }

  private SeriesCatalog() {}

  static Metric read(Connection c, String metric) throws SQLException {
    List<Entry> out = new ArrayList<>();
    boolean unit = false;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, labels::text, unit IS NOT NULL FROM series WHERE metric = ? ORDER BY id")) {
      ps.setString(1, metric);
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getLong(1), labels(rs.getString(2))));
          unit |= rs.getBoolean(3);
        }
      }
    }
    return new Metric(out, unit);
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
