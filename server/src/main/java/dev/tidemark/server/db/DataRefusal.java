package dev.tidemark.server.db;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A failure that is the request's fault although the database found it: PostgreSQL refusing a value
 * (SQLSTATE class 22, data exception: a NUL character, a number out of range) or a limit (class 54,
 * e.g. an index row too large). Endpoints validate what they can; this is the net under them, so
 * such input is a 400 naming the problem instead of a 500.
 */
public final class DataRefusal {
  private DataRefusal() {}

  /** The client-facing cause, or empty when {@code t} is not a refusal of the request's data. */
  public static Optional<String> of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql && isDataError(sql.getSQLState())) {
        String message = String.valueOf(sql.getMessage());
        int newline = message.indexOf('\n');
        return Optional.of(
            "the database refuses a value of the request: "
                + (newline < 0 ? message : message.substring(0, newline)).replace("ERROR: ", ""));
      }
    }
    return Optional.empty();
  }

  /** Class 22 (data exception) or 54 (program limit exceeded). */
  public static boolean isDataError(String sqlState) {
    return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("54"));
  }
}
