package dev.tidemark.server.storage.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.postgresql.PGResultSetMetaData;

/**
 * Reads a {@code timestamptz} column as epoch milliseconds. Once pgjdbc has prepared a statement on
 * the server (its fifth run on a connection) rows arrive in binary, where a timestamp is the
 * microseconds since 2000-01-01 UTC as a big-endian long, and {@link ResultSet#getBytes} hands over
 * those raw bytes; decoding them here costs a fraction of building an {@link OffsetDateTime} per
 * row, which was the largest single item of a query's own CPU time in the profile. Text rows (the
 * first runs) go through {@link OffsetDateTime}.
 */
final class Timestamps {
  /** 2000-01-01T00:00Z, PostgreSQL's timestamp epoch, in Unix epoch milliseconds. */
  private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

  private Timestamps() {}

  /** Whether the column's rows come in binary (ask once per result set, not per row). */
  static boolean binary(ResultSet rs, int column) throws SQLException {
    return rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(column) == 1;
  }

  static long millis(ResultSet rs, int column, boolean binary) throws SQLException {
    if (binary) {
      byte[] b = rs.getBytes(column);
      long micros = 0;
      for (int i = 0; i < 8; i++) {
        micros = (micros << 8) | (b[i] & 0xFF);
      }
      return Math.floorDiv(micros, 1000L) + POSTGRES_EPOCH_MILLIS;
    }
    return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
  }
}
