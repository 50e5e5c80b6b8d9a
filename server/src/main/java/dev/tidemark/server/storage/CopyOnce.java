package dev.tidemark.server.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * A binary COPY into a table with a unique key that stores each key once, the first value stored
 * winning. Most chunks repeat nothing, so the rows go straight in by COPY under a savepoint; only
 * when the key is violated (a client's retry, a replayed write-ahead entry) is the chunk rolled
 * back to the savepoint and sent again through a session-local staging table and {@code INSERT ...
 * ON CONFLICT DO NOTHING}, which costs about twice the COPY. Table and column names are constants
 * of the caller, never input.
 */
final class CopyOnce {
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Citus' COPY into a distributed table passes a worker's unique violation on as an internal error
   * (XX000) with the worker's message; its INSERT keeps 23505.
   */
  private static final String CITUS_COPY_ERROR = "XX000";

  private static final String DUPLICATE_KEY = "duplicate key value violates unique constraint";

  private CopyOnce() {}

  /** One row a slow-path insert stored, as its {@code RETURNING} list gives it. */
  interface Inserted {
    void row(ResultSet rs) throws SQLException;
  }

  /** Copies {@code rows} into {@code table (columns)}; returns whether a key was already there. */
  static boolean copy(Connection c, BinaryCopy rows, String table, String columns)
      throws SQLException {
    return copy(c, rows, table, columns, null, null);
  }

  /**
   * As {@link #copy(Connection, BinaryCopy, String, String)}; when a key was already there, each
   * row the insert stored is also given to {@code inserted} with the columns {@code returning}
   * names (a COPY that goes through stores every row).
   */
  static boolean copy(
      Connection c,
      BinaryCopy rows,
      String table,
      String columns,
      String returning,
      Inserted inserted)
      throws SQLException {
    if (rows.rows() == 0) {
      return false;
    }
    Savepoint savepoint = c.setSavepoint();
    try {
      rows.copy(c, "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)");
      c.releaseSavepoint(savepoint);
      return false;
    } catch (SQLException e) {
      if (!isUniqueViolation(e)) {
        throw e;
      }
      c.rollback(savepoint);
    }
    String staging = table + "_incoming";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + staging
              + " AS SELECT "
              + columns
              + " FROM "
              + table
              + " WITH NO DATA");
      s.execute("TRUNCATE " + staging);
    }
    rows.copy(c, "COPY " + staging + " (" + columns + ") FROM STDIN (FORMAT binary)");
    String insert =
        "INSERT INTO "
            + table
            + " ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + staging
            + " ON CONFLICT DO NOTHING";
    try (Statement s = c.createStatement()) {
      if (returning == null) {
        s.execute(insert);
      } else {
        try (ResultSet rs = s.executeQuery(insert + " RETURNING " + returning)) {
          while (rs.next()) {
            inserted.row(rs);
          }
        }
      }
      s.execute("TRUNCATE " + staging);
    }
    return true;
  }

  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState())
        || (CITUS_COPY_ERROR.equals(e.getSQLState())
            && e.getMessage() != null
            && e.getMessage().contains(DUPLICATE_KEY));
  }
}
