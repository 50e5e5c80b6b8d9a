package dev.tidemark.server.storage.tier;

import dev.tidemark.server.db.Flavor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;

/**
 * Keeps the rollup tiers and retention of one database: continuous aggregates and policies on
 * TimescaleDB, tables, partitions and a maintenance pass on plain PostgreSQL.
 */
public interface TierStore {
  static TierStore of(Flavor flavor) {
    return flavor == Flavor.TIMESCALEDB ? new TimescaleTiers() : new PostgresTiers();
  }

  /** Creates what the plan's tiers need; safe to run twice. */
  void create(Connection c, TierPlan plan) throws SQLException;

  /** Installs refresh, retention and compression policies (TimescaleDB) for the plan. */
  void applyPolicies(Connection c, TierPlan plan) throws SQLException;

  /** Makes sure raw data for these UTC days (epoch day numbers) has somewhere to go. */
  void ensurePartitions(Connection c, Collection<Long> epochDays) throws SQLException;

  /** Recomputes every rollup tier over {@code [from, to)}, finest first. */
  void refresh(Connection c, TierPlan plan, Instant from, Instant to) throws SQLException;

  /** Drops data older than each tier's retention. */
  void applyRetention(Connection c, TierPlan plan, Instant now) throws SQLException;

  /** The periodic pass the server runs itself (plain PostgreSQL); nothing on TimescaleDB. */
  void maintain(Connection c, TierPlan plan, Instant now) throws SQLException;
}
