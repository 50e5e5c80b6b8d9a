package dev.tidemark.server.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Decides whether the database is a Citus coordinator. Citus is used only where its extension is
 * created in the database Tidemark connects to: that is where Citus keeps its node metadata, and a
 * database without it cannot distribute tables even when the library is preloaded.
 */
final class CitusDetection {
  private CitusDetection() {}

  /** {@code mode} is "auto" (use Citus where installed), "on" (require it) or "off". */
  static boolean isCitus(DataSource pool, String mode) throws SQLException {
    if (mode.equals("off")) {
      return false;
    }
    boolean installed;
    boolean available;
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus'),"
                    + " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'citus')")) {
      rs.next();
      installed = rs.getBoolean(1);
      available = rs.getBoolean(2);
    }
    if (!installed && mode.equals("on")) {
      throw new SQLException(
          "storage.citus=on but "
              + (available
                  ? "the citus extension is not created in this database: connect to the"
                      + " coordinator's database that holds it (CREATE EXTENSION citus and the"
                      + " nodes added there)"
                  : "the citus extension is not available on this server"));
    }
    return installed;
  }
}
