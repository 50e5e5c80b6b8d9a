package dev.tidemark.server.storage.head;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Where a new head may start: a time after every sample the database holds, so the head, which
 * holds only what this process stores, holds all of the database's samples from there on. The bound
 * comes from {@code series_seen} (the writer widens each series' last time in the same transaction
 * as its rows, trailing the real one by at most a minute; indexed on {@code last_seen}), never from
 * a scan of the samples. It is capped by now plus the accepted future skew, which no stored sample
 * passes. Samples stored before {@code series_seen} existed have no row there: when that table was
 * created in a later run than the raw tables and recently enough for such samples to reach the
 * head's window, the cap alone is used.
 */
final class HeadStart {
  /** How far {@code series_seen.last_seen} may trail the last sample (SeriesSeen.SLACK_MS). */
  static final long SEEN_SLACK_MS = 60_000;

  private HeadStart() {}

  static long of(Connection c, long now, long skewMs, long windowMs) throws SQLException {
    long cap = now + skewMs + 1;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT (SELECT max(last_seen) FROM series_seen),"
                + " (SELECT applied_at FROM schema_migrations WHERE version = 2),"
                + " (SELECT applied_at FROM schema_migrations WHERE version = 9)")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp seen = rs.getTimestamp(1);
        Timestamp raw = rs.getTimestamp(2);
        Timestamp seenTable = rs.getTimestamp(3);
        if (raw != null && seenTable != null) {
          boolean laterRun = seenTable.getTime() - raw.getTime() > 60_000;
          if (laterRun && seenTable.getTime() + skewMs >= now - windowMs) {
            return cap;
          }
        }
        long bound = seen == null ? Long.MIN_VALUE : seen.getTime() + SEEN_SLACK_MS + 1;
        return Math.min(cap, bound);
      }
    }
  }
}
