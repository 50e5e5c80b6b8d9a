package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Comparisons as computed, by id. */
public final class ComparisonStore {
  private ComparisonStore() {}

  public static long insert(
      Connection c, String service, String baseline, String candidate, JsonObject result)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO release_comparisons (service, baseline, candidate, result)"
                + " VALUES (?, ?, ?, ?::jsonb) RETURNING id")) {
      ps.setString(1, service);
      ps.setString(2, baseline);
      ps.setString(3, candidate);
      Jsonb.bind(ps, 4, result);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public static Optional<JsonObject> get(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT result FROM release_comparisons WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(Jsonb.object(rs.getString(1)).put("id", id))
            : Optional.empty();
      }
    }
  }

  /** The newest comparison of this pair, if any. */
  public static Optional<JsonObject> latest(
      Connection c, String service, String baseline, String candidate) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, result FROM release_comparisons"
                + " WHERE service = ? AND baseline = ? AND candidate = ? ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, service);
      ps.setString(2, baseline);
      ps.setString(3, candidate);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(Jsonb.object(rs.getString(2)).put("id", rs.getLong(1)))
            : Optional.empty();
      }
    }
  }

  /** Newest first, summaries only. */
  public static JsonArray list(Connection c, String service, int limit) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, service, baseline, candidate, created_at,"
                + " result -> 'quality_score' ->> 'score', result ->> 'recommendation',"
                + " result ->> 'risk_level', result ->> 'blocking_regressions'"
                + " FROM release_comparisons WHERE (?::text IS NULL OR service = ?)"
                + " ORDER BY id DESC LIMIT ?")) {
      ps.setString(1, service);
      ps.setString(2, service);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JsonObject()
                  .put("id", rs.getLong(1))
                  .put("service", rs.getString(2))
                  .put("baseline", rs.getString(3))
                  .put("candidate", rs.getString(4))
                  .put("created_at", rs.getTimestamp(5).toInstant().toString())
                  .put("score", rs.getString(6) == null ? null : Double.valueOf(rs.getString(6)))
                  .put("recommendation", rs.getString(7))
                  .put("risk_level", rs.getString(8))
                  .put(
                      "blocking_regressions",
                      rs.getString(9) == null ? null : Integer.valueOf(rs.getString(9))));
        }
      }
    }
    return out;
  }
}
