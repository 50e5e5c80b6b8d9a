package dev.tidemark.server.wal;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/** Which database failures are worth retrying. */
final class SqlErrors {
  private SqlErrors() {}

  /** Connection trouble is worth retrying; a refusal of the data itself is not. */
  static boolean isTransient(Exception e) {
    if (e instanceof SQLTransientException) {
      return true;
    }
    if (e instanceof SQLException sql) {
      String code = sql.getSQLState();
      return code == null
          || code.startsWith("08") // connection exception
          || code.startsWith("53") // insufficient resources
          || code.startsWith("57") // operator intervention, e.g. shutdown
          || code.startsWith("40"); // serialization failure, deadlock
    }
    return false;
  }
}
