package dev.tidemark.server.storage.tier;

import dev.tidemark.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What TimescaleDB's background jobs (refresh, compression and retention policies) and chunks are
 * doing, read from {@code timescaledb_information}. A job can do its work and still be recorded as
 * failed (TimescaleDB 2.28.3 on PostgreSQL 15.20 does), or stop running and leave raw data growing;
 * operators see both in {@code /metrics} and in {@code /ready}'s detail. Read at most every {@link
 * #MAX_AGE_MS}, so scrapes cost the database nothing more.
 */
public final class TimescaleJobs {
  static final long MAX_AGE_MS = 15_000;

  /** One policy job: its run counts, the last outcome, the last success and error. */
  public record Job(
      int id,
      String proc,
      String hypertable,
      long runs,
      long failures,
      boolean lastRunFailed,
      Timestamp lastSuccess,
      String lastError) {}

  /** Chunks of one hypertable, how many are compressed. */
  public record Chunks(String hypertable, long total, long compressed) {}

  /** All of it, as read at {@code readAt} (epoch ms); {@code error} when it could not be read. */
  public record Snapshot(List<Job> jobs, List<Chunks> chunks, long readAt, String error) {}

  private final Database database;
  private final Clock clock;
  private Snapshot last;

  public TimescaleJobs(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The latest snapshot, read again when older than 15 s. Blocking. */
  public synchronized Snapshot snapshot() {
    long now = clock.millis();
    if (last == null || now - last.readAt() > MAX_AGE_MS) {
      try {
        last = database.withConnection(c -> new Snapshot(jobs(c), chunks(c), now, null));
      } catch (SQLException | RuntimeException e) {
        last = new Snapshot(List.of(), List.of(), now, String.valueOf(e.getMessage()));
      }
    }
    return last;
  }

  private static List<Job> jobs(Connection c) throws SQLException {
    Map<Integer, String> errors = lastErrors(c);
    List<Job> jobs = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT j.job_id, j.proc_name, coalesce(j.hypertable_name, ''),"
                    + " coalesce(s.total_runs, 0), coalesce(s.total_failures, 0),"
                    + " coalesce(s.last_run_status = 'Failed', false), s.last_successful_finish"
                    + " FROM timescaledb_information.jobs j"
                    + " LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id"
                    + " WHERE j.job_id >= 1000 ORDER BY j.job_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int id = rs.getInt(1);
        jobs.add(
            new Job(
                id,
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getBoolean(6),
                neverAsNull(rs.getTimestamp(7)),
                errors.get(id)));
      }
    }
    return jobs;
  }

  /** A job that never succeeded reports {@code -infinity}. */
  private static Timestamp neverAsNull(Timestamp t) {
    return t == null || t.getTime() <= 0 ? null : t;
  }

  /** The newest error message of each job that has one. */
  private static Map<Integer, String> lastErrors(Connection c) throws SQLException {
    Map<Integer, String> errors = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT ON (job_id) job_id, coalesce(err_message, '')"
                    + " FROM timescaledb_information.job_errors"
                    + " ORDER BY job_id, finish_time DESC NULLS LAST");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        errors.put(rs.getInt(1), rs.getString(2));
      }
    }
    return errors;
  }

  private static List<Chunks> chunks(Connection c) throws SQLException {
    List<Chunks> chunks = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT hypertable_name, count(*), count(*) FILTER (WHERE is_compressed)"
                    + " FROM timescaledb_information.chunks GROUP BY 1 ORDER BY 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        chunks.add(new Chunks(rs.getString(1), rs.getLong(2), rs.getLong(3)));
      }
    }
    return chunks;
  }
}
