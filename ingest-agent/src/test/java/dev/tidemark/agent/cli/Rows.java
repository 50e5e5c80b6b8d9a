package dev.tidemark.agent.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Counts what the server stored, straight from its database. */
final class Rows {
  private Rows() {}

  /** Rows of the metric in {@code samples}, and how many distinct (series, ts) among them. */
  static long[] samples(String jdbcUrl, String metric) {
    String sql =
        "SELECT count(*), count(DISTINCT (s.series_id, s.ts)) FROM samples s"
            + " JOIN series r ON r.id = s.series_id WHERE r.metric = ?";
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, metric);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count samples: " + e.getMessage(), e);
    }
  }
}
