package dev.tidemark.server.storage.query;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads {@code (bigint, timestamptz, double precision)} rows through {@code COPY (SELECT ...) TO
 * STDOUT (FORMAT binary)}: each row is three fixed-width fields decoded straight from the stream,
 * where a JDBC result set builds three byte arrays per row and a cursor per fetch. Used for raw
 * reads, which move hundreds of thousands of rows.
 */
public final class CopyOutRows {
  /** Receives one row. */
  public interface Sink {
    void row(long seriesId, long epochMillis, double value);
  }

  /** 2000-01-01T00:00Z, PostgreSQL's timestamp epoch, in Unix epoch microseconds. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private static final int HEADER = 11 + 4 + 4;

  private CopyOutRows() {}

  /** Runs {@code copySql} (a COPY of a query to STDOUT in binary) and hands each row to sink. */
  public static long read(Connection c, String copySql, Sink sink) throws SQLException {
    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
    Reader in = new Reader();
    long rows = 0;
    try {
      byte[] chunk;
      while ((chunk = copy.readFromCopy()) != null) {
        in.append(chunk);
        while (true) {
          if (!in.headerDone) {
            if (in.available() < HEADER) {
              break;
            }
            int extension = in.intAt(in.pos + 15);
            if (in.available() < HEADER + extension) {
              break;
            }
            in.pos += HEADER + extension;
            in.headerDone = true;
          }
          if (in.available() < 2) {
            break;
          }
          short fields = (short) in.shortAt(in.pos);
          if (fields == -1) {
            in.pos += 2;
            break;
          }
          // three fields: 4 + 8 each (none may be NULL: the columns are NOT NULL)
          if (in.available() < 2 + 3 * 12) {
            break;
          }
          int p = in.pos + 2;
          long id = in.longAt(p + 4);
          long micros = in.longAt(p + 16);
          double value = Double.longBitsToDouble(in.longAt(p + 28));
          in.pos = p + 36;
          sink.row(id, Math.floorDiv(micros + POSTGRES_EPOCH_MICROS, 1000L), value);
          rows++;
        }
        in.compact();
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    return rows;
  }

  /** A growing buffer of the COPY stream. */
  private static final class Reader {
    byte[] buf = new byte[1 << 16];
    int pos;
    int end;
    boolean headerDone;

    void append(byte[] chunk) {
      if (end + chunk.length > buf.length) {
        byte[] next = new byte[Math.max(buf.length * 2, end + chunk.length)];
        System.arraycopy(buf, 0, next, 0, end);
        buf = next;
      }
      System.arraycopy(chunk, 0, buf, end, chunk.length);
      end += chunk.length;
    }

    int available() {
      return end - pos;
    }

    void compact() {
      System.arraycopy(buf, pos, buf, 0, end - pos);
      end -= pos;
      pos = 0;
    }

    int shortAt(int p) {
      return ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
    }

    int intAt(int p) {
      return ((buf[p] & 0xff) << 24)
          | ((buf[p + 1] & 0xff) << 16)
          | ((buf[p + 2] & 0xff) << 8)
          | (buf[p + 3] & 0xff);
    }

    long longAt(int p) {
      return ((long) intAt(p) << 32) | (intAt(p + 4) & 0xffffffffL);
    }
  }
}
