package dev.tidemark.agent.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Counts what the server stored, straight from its database. */
public final class Rows {
  private Rows() {}

  /**
   * Waits until the server has stored at least {@code n} rows of the metric: a server that
   * acknowledges after its write-ahead append stores them a little later. Callers then stop the
   * server and count again, exactly.
   */
  public static void awaitAtLeast(String jdbcUrl, String metric, long n)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (samples(jdbcUrl, metric)[0] < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for "
                + n
                + " rows of "
                + metric
                + ", have "
                + samples(jdbcUrl, metric)[0]);
      }
      Thread.sleep(20);
    }
  }

  /** Rows of the metric in {@code samples}, and how many distinct (series, ts) among them. */
  public static long[] samples(String jdbcUrl, String metric) {
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
