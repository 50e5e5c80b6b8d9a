package dev.tidemark.server.storage.alerting;

import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Flavor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Failed runs of TimescaleDB's background jobs (continuous-aggregate refreshes, compression,
 * retention) as TimescaleDB counts them, for the operational rule pack. Blocking.
 */
public final class SqlTimescaleJobs {
  private SqlTimescaleJobs() {}

  /** Failures over every job since each job's statistics began; NaN off TimescaleDB. */
  public static double failures(Database database) {
    if (database.flavor() != Flavor.TIMESCALEDB) {
      return Double.NaN;
    }
    try {
      return database.withConnection(
          c -> {
            try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT coalesce(sum(total_failures), 0)"
                            + " FROM timescaledb_information.job_stats");
                ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getDouble(1);
            }
          });
    } catch (SQLException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
