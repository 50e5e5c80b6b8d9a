package dev.tidemark.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far the streaming replica that queries read from ({@code database.read.url}) is behind the
 * primary. Bytes: the primary's current WAL position minus the replica's replayed one (read on the
 * primary first, so the difference never overstates). Seconds: {@code now() -
 * pg_last_xact_replay_timestamp()} on the replica, and 0 when it has replayed all it received (an
 * idle primary would otherwise look ever more behind). Read at most every {@link #MAX_AGE_MS}: the
 * three gauges of a scrape and a {@code /ready} at the same moment share one reading.
 */
public final class ReplicaLag {
  static final long MAX_AGE_MS = 1_000;

  static final long FAILED_MAX_AGE_MS = 10_000;

  /**
   * One reading at {@code readAt} (epoch ms): {@code standby} false when the read URL is not a
   * server in recovery (then the lags are NaN); {@code error} when it could not be read.
   */
  public record Reading(boolean standby, double seconds, double bytes, long readAt, String error) {
    public boolean up() {
      return error == null && standby;
    }

    /** As shown under {@code detail.replica} in {@code /ready}. */
    public Map<String, Object> detail() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("up", up());
      if (error != null) {
        d.put("error", error);
        return d;
      }
      d.put("standby", standby);
      d.put("lag_seconds", Double.isNaN(seconds) ? null : seconds);
      d.put("lag_bytes", Double.isNaN(bytes) ? null : (long) bytes);
      return d;
    }
  }

  private final Database database;
  private final Clock clock;
  private Reading last;

  public ReplicaLag(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * The latest reading, taken again when older than a second (ten after a failure: an unreachable
   * replica costs a connection timeout, which a scrape should not wait for every time). Blocking.
   */
  public synchronized Reading read() {
    long now = clock.millis();
    if (last == null
        || now - last.readAt() > (last.error() == null ? MAX_AGE_MS : FAILED_MAX_AGE_MS)) {
      last = measure(now);
    }
    return last;
  }

  private Reading measure(long now) {
    try {
      String primary =
          database.withConnection(
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                  rs.next();
                  return rs.getString(1);
                }
              });
      return database.withReadConnection(c -> onReplica(c, primary, now));
    } catch (SQLException | RuntimeException e) {
      return new Reading(false, Double.NaN, Double.NaN, now, String.valueOf(e.getMessage()));
    }
  }

  private static Reading onReplica(Connection c, String primaryLsn, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT pg_is_in_recovery(),"
                + " greatest(0, pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn())),"
                + " CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                + " ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()))"
                + " END")) {
      ps.setString(1, primaryLsn);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        boolean standby = rs.getBoolean(1);
        double bytes = rs.getDouble(2);
        boolean bytesKnown = !rs.wasNull();
        double seconds = rs.getDouble(3);
        boolean secondsKnown = !rs.wasNull();
        if (!standby) {
          return new Reading(false, Double.NaN, Double.NaN, now, null);
        }
        return new Reading(
            true, secondsKnown ? seconds : Double.NaN, bytesKnown ? bytes : Double.NaN, now, null);
      }
    }
  }
}
