package dev.tidemark.server.storage.tier;

import dev.tidemark.server.db.Flavor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Tiers on TimescaleDB: hierarchical continuous aggregates (each tier reads the one before it),
 * refresh and retention policies per relation, compression of raw chunks past the first refresh
 * window. TimescaleDB's own background jobs do the work.
 */
final class TimescaleTiers implements TierStore {
  private static final String DEADLOCK = "40P01";
  private static final int DEADLOCK_ATTEMPTS = 5;

  @Override
  public void create(Connection c, TierPlan plan) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (Tier tier : plan.rollups()) {
        for (String table : TierPlan.RAW_TABLES) {
          s.execute(
              "CREATE MATERIALIZED VIEW IF NOT EXISTS "
                  + tier.relation(table)
                  + " WITH (timescaledb.continuous, timescaledb.materialized_only = true) AS "
                  + RollupSql.select(Flavor.TIMESCALEDB, table, tier, plan.sourceOf(tier), false)
                  + " WITH NO DATA");
        }
      }
      for (String table : TierPlan.RAW_TABLES) {
        if (!compressionEnabled(c, table)) {
          String orderBy = "ts" + (table.equals("histogram_buckets") ? ", idx" : "");
          s.execute(
              "ALTER TABLE "
                  + table
                  + " SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',"
                  + " timescaledb.compress_orderby = '"
                  + orderBy
                  + "')");
        }
      }
    }
  }

  private static boolean compressionEnabled(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT compression_enabled FROM timescaledb_information.hypertables"
                + " WHERE hypertable_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  @Override
  public void applyPolicies(Connection c, TierPlan plan) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (Tier tier : plan.rollups()) {
        Duration schedule =
            tier.width().compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tier.width();
        for (String table : TierPlan.RAW_TABLES) {
          String rel = "'" + tier.relation(table) + "'";
          s.execute("SELECT remove_continuous_aggregate_policy(" + rel + ", if_exists => true)");
          s.execute(
              "SELECT add_continuous_aggregate_policy("
                  + rel
                  + ", start_offset => "
                  + RollupSql.interval(plan.refreshStart(tier))
                  + ", end_offset => "
                  + RollupSql.interval(plan.refreshEnd(tier))
                  + ", schedule_interval => "
                  + RollupSql.interval(schedule)
                  + ")");
        }
      }
      for (Tier tier : plan.tiers()) {
        for (String table : TierPlan.RAW_TABLES) {
          String rel = "'" + tier.relation(table) + "'";
          s.execute("SELECT remove_retention_policy(" + rel + ", if_exists => true)");
          if (tier.retention().isPresent()) {
            s.execute(
                "SELECT add_retention_policy("
                    + rel
                    + ", drop_after => "
                    + RollupSql.interval(tier.retention().get())
                    + ")");
          }
        }
      }
      for (String table : TierPlan.RAW_TABLES) {
        s.execute("SELECT remove_compression_policy('" + table + "', if_exists => true)");
        s.execute(
            "SELECT add_compression_policy('"
                + table
                + "', compress_after => "
                + RollupSql.interval(plan.compressAfter())
                + ")");
      }
    }
  }

  @Override
  public void ensurePartitions(Connection c, Collection<Long> epochDays) {
    // hypertables create their chunks as data arrives
  }

  @Override
  public void refresh(Connection c, TierPlan plan, Instant from, Instant to) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(true); // CALL refresh_continuous_aggregate refuses to run in a transaction
    try {
      for (Tier tier : plan.rollups()) {
        for (String table : TierPlan.RAW_TABLES) {
          refreshOne(c, tier.relation(table), from, to);
        }
      }
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /**
   * One refresh, in its own transaction. TimescaleDB's background jobs (compression, the refresh
   * policies) lock the same chunks and the invalidation threshold in another order, so PostgreSQL
   * may end a refresh as a deadlock's victim; it is retried, as PostgreSQL advises, a few times.
   */
  private static void refreshOne(Connection c, String relation, Instant from, Instant to)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "CALL refresh_continuous_aggregate('"
                  + relation
                  + "', ?::timestamptz, ?::timestamptz)")) {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        ps.execute();
        return;
      } catch (SQLException e) {
        if (!DEADLOCK.equals(e.getSQLState()) || attempt == DEADLOCK_ATTEMPTS) {
          throw e;
        }
        pause(Duration.ofMillis(100L * attempt));
      }
    }
  }

  private static void pause(Duration d) throws SQLException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while retrying a refresh", e);
    }
  }

  @Override
  public void applyRetention(Connection c, TierPlan plan, Instant now) throws SQLException {
    for (Tier tier : plan.tiers()) {
      if (tier.retention().isEmpty()) {
        continue;
      }
      for (String table : TierPlan.RAW_TABLES) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT drop_chunks('"
                    + tier.relation(table)
                    + "', older_than => ?::timestamptz)")) {
          ps.setTimestamp(1, Timestamp.from(now.minus(tier.retention().get())));
          ps.execute();
        }
      }
    }
  }

  @Override
  public void maintain(Connection c, TierPlan plan, Instant now) {
    // TimescaleDB's background jobs refresh, compress and drop on their own schedule
  }
}
