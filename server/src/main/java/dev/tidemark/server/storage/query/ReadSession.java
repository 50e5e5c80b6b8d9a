package dev.tidemark.server.storage.query;

import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.plan.Limits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One query's connection and its time budget: every statement runs with what is left of the budget
 * as its timeout, and errors come back as the query's errors.
 */
final class ReadSession {
  private final Connection connection;
  private final Limits limits;
  private final long deadline;

  /** Whether this transaction runs statements without parallel workers (see {@link #prepare}). */
  private boolean parallelOff;

  ReadSession(Connection connection, Limits limits) {
    this.connection = connection;
    this.limits = limits;
    this.deadline = System.nanoTime() + limits.timeout().toNanos();
  }

  Connection connection() {
    return connection;
  }

  /** Sets the statement timeout for statements prepared without {@link #prepare}. */
  void arm(boolean serial) throws SQLException {
    try (PreparedStatement ps = settings(serial).prepare(connection)) {
      ps.execute();
    }
  }

  /**
   * The statement behind {@code sql}, with the statement timeout set to what is left of the query's
   * budget. The settings travel in the same round trip, ahead of the statement: PostgreSQL (13 and
   * later) arms a fresh timer for every Execute message. With {@code stream} (histogram reads, up
   * to {@link HistogramRows#ROWS_PER_POINT} rows per point) the rows come through a cursor instead,
   * which needs a statement of its own, so the settings are sent by a statement before it.
   *
   * <p>With {@code serial} (reads that start from a rollup, small by design) the statement runs
   * without parallel workers: the planner put the few hundred rows of the newest buckets under a
   * Gather whose workers took 85 ms to start on a busy two-core machine, against 9 ms for the whole
   * read. Reads of raw data keep the database's setting.
   */
  PreparedStatement prepare(SqlText sql, boolean serial, boolean stream) throws SQLException {
    SqlText settings = settings(serial);
    if (stream) {
      try (PreparedStatement ps = settings.prepare(connection)) {
        ps.execute();
      }
      PreparedStatement ps = sql.prepare(connection);
      ps.setFetchSize(10_000);
      return ps;
    }
    return settings.sql(";").append(sql).prepare(connection);
  }

  /** Runs a statement from {@link #prepare} and returns its rows. */
  static ResultSet execute(PreparedStatement ps, boolean stream) throws SQLException {
    if (stream) {
      return ps.executeQuery();
    }
    ps.execute(); // first result: set_config's
    if (!ps.getMoreResults()) {
      throw new SQLException("cannot read series: the statement returned no rows");
    }
    return ps.getResultSet();
  }

  private SqlText settings(boolean serial) {
    SqlText settings =
        new SqlText()
            .sql("SELECT set_config('statement_timeout', ?, true)")
            .text(Long.toString(Math.max(1, budget())));
    if (serial && !parallelOff) {
      settings.sql(", set_config('max_parallel_workers_per_gather', '0', true)");
      parallelOff = true;
    } else if (!serial && parallelOff) {
      settings.sql(
          ", set_config('max_parallel_workers_per_gather', (SELECT reset_val FROM pg_settings"
              + " WHERE name = 'max_parallel_workers_per_gather'), true)");
      parallelOff = false;
    }
    return settings;
  }

  /** Milliseconds left of the query's budget; throws when none are. */
  long budget() {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw timedOut();
    }
    return left;
  }

  /** Fails the query when {@code points} is over its limit. */
  void tooMany(long points) {
    if (points > limits.maxPoints()) {
      throw QueryException.evaluate(
          "too many points, use a larger step or a shorter range [points>"
              + limits.maxPoints()
              + "]");
    }
  }

  private QueryException timedOut() {
    return QueryException.evaluate(
        "query took longer than allowed [timeout=" + limits.timeout() + "]");
  }

  /** Timeouts and bad values become query errors; anything else is the server's failure. */
  RuntimeException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("57014")) {
      return timedOut();
    }
    if (state.startsWith("22")) {
      return QueryException.evaluate("storage refused a value: " + e.getMessage());
    }
    return new IllegalStateException("cannot read series: " + e.getMessage(), e);
  }
}
