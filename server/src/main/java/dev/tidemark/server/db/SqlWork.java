package dev.tidemark.server.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Blocking work on one connection, run by {@link Database} on a thread of its own. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
