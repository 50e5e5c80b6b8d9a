package dev.tidemark.server.storage.head;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * What other servers sharing the database have written, as far as a head needs to know: the head
 * holds only this server's writes, so it may answer only for times after every sample another
 * server could have stored. Each server's writer records its queue position with {@code updated_at
 * = now()} in the transaction of its rows ({@code wal_positions}); a sample in that transaction was
 * accepted before it began, so its time is at most {@code updated_at} plus the accepted future
 * skew. A margin covers clocks of different machines.
 */
final class OtherWriters {
  /** Clock difference tolerated between servers and the database. */
  static final long CLOCK_MARGIN_MS = 10_000;

  private OtherWriters() {}

  /** The earliest time no other server can have stored a sample at, or Long.MIN_VALUE. */
  static long bound(Connection c, String serverId, long skewMs) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT max(updated_at) FROM wal_positions WHERE server_id <> ?")) {
      ps.setString(1, serverId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp last = rs.getTimestamp(1);
        return last == null ? Long.MIN_VALUE : last.getTime() + skewMs + CLOCK_MARGIN_MS + 1;
      }
    }
  }
}
