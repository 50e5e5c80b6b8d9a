package dev.tidemark.server.storage.tier;

import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.block.Packer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tiers on plain PostgreSQL: raw tables partitioned by UTC day, rollup tables refreshed by the
 * server over the same windows TimescaleDB's policies would use, retention by dropping whole
 * partitions (raw) and deleting old buckets (rollups).
 */
final class PostgresTiers implements TierStore {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  /** Serialises partition DDL between servers sharing a database. */
  private static final long PARTITION_LOCK = 0x54494446L;

  private final Set<Long> knownDays = ConcurrentHashMap.newKeySet();

  @Override
  public void create(Connection c, TierPlan plan) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (Tier tier : plan.rollups()) {
        for (String table : TierPlan.RAW_TABLES) {
          s.execute(RollupSql.createTable(table, tier));
          s.execute(
              "CREATE INDEX IF NOT EXISTS "
                  + tier.relation(table)
                  + "_bucket ON "
                  + tier.relation(table)
                  + " (bucket)");
        }
      }
    }
  }

  @Override
  public void applyPolicies(Connection c, TierPlan plan) {
    // The maintenance pass reads the plan each time; nothing is installed in the database.
  }

  @Override
  public void ensurePartitions(Connection c, Collection<Long> epochDays) throws SQLException {
    List<Long> missing = epochDays.stream().filter(d -> !knownDays.contains(d)).toList();
    if (missing.isEmpty()) {
      return;
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(" + PARTITION_LOCK + ")");
      for (long day : missing) {
        LocalDate date = LocalDate.ofEpochDay(day);
        for (String table : TierPlan.RAW_TABLES) {
          s.execute(
              "CREATE TABLE IF NOT EXISTS "
                  + table
                  + "_p"
                  + DAY.format(date)
                  + " PARTITION OF "
                  + table
                  + " FOR VALUES FROM ('"
                  + date
                  + " 00:00:00+00') TO ('"
                  + date.plusDays(1)
                  + " 00:00:00+00')");
        }
      }
      c.commit();
      knownDays.addAll(missing);
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  @Override
  public void refresh(Connection c, TierPlan plan, Instant from, Instant to) throws SQLException {
    for (Tier tier : plan.rollups()) {
      refreshTier(c, plan, tier, from, to);
    }
  }

  /**
   * Recomputes the buckets of one tier that lie wholly inside {@code [from, to)}, as TimescaleDB's
   * refresh_continuous_aggregate does.
   */
  private void refreshTier(Connection c, TierPlan plan, Tier tier, Instant from, Instant to)
      throws SQLException {
    Instant start = floor(from.plus(tier.width()).minusMillis(1), tier.width());
    Instant end = floor(to, tier.width());
    if (!end.isAfter(start)) {
      return;
    }
    boolean fromRaw = plan.sourceOf(tier).isRaw();
    boolean packed = fromRaw && Packer.holds(c, start, end);
    if (packed) {
      ensurePartitions(c, Packer.unpackDays(start, end));
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      if (packed) {
        // the rollup SQL reads rows: packed hours of the window become rows again until the next
        // packing pass
        Packer.unpack(c, start, end);
      }
      for (String table : TierPlan.RAW_TABLES) {
        String relation = tier.relation(table);
        try (PreparedStatement delete =
            c.prepareStatement("DELETE FROM " + relation + " WHERE bucket >= ? AND bucket < ?")) {
          bindWindow(delete, start, end);
          delete.executeUpdate();
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO "
                    + relation
                    + " "
                    + RollupSql.select(Flavor.POSTGRES, table, tier, plan.sourceOf(tier), true))) {
          bindWindow(insert, start, end);
          insert.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static void bindWindow(PreparedStatement ps, Instant start, Instant end)
      throws SQLException {
    ps.setTimestamp(1, Timestamp.from(start));
    ps.setTimestamp(2, Timestamp.from(end));
  }

  static Instant floor(Instant t, Duration width) {
    long w = width.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), w) * w);
  }

  @Override
  public void applyRetention(Connection c, TierPlan plan, Instant now) throws SQLException {
    Tier raw = plan.raw();
    if (raw.retention().isPresent()) {
      LocalDate cutoff = LocalDate.ofInstant(now.minus(raw.retention().get()), ZoneOffset.UTC);
      for (String table : TierPlan.RAW_TABLES) {
        for (String partition : partitions(c, table)) {
          LocalDate day = LocalDate.parse(partition.substring(partition.length() - 8), DAY);
          // a partition goes once all of it is past the cutoff, as TimescaleDB drops chunks
          if (!day.plusDays(1).isAfter(cutoff)) {
            try (Statement s = c.createStatement()) {
              s.execute("DROP TABLE IF EXISTS " + partition);
            }
            knownDays.remove(day.toEpochDay());
          }
        }
      }
      Packer.expire(c, cutoff.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    for (Tier tier : plan.rollups()) {
      if (tier.retention().isEmpty()) {
        continue;
      }
      for (String table : TierPlan.RAW_TABLES) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + tier.relation(table) + " WHERE bucket < ?")) {
          ps.setTimestamp(1, Timestamp.from(now.minus(tier.retention().get())));
          ps.executeUpdate();
        }
      }
    }
  }

  private static List<String> partitions(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT child.relname FROM pg_inherits i"
                + " JOIN pg_class child ON child.oid = i.inhrelid"
                + " WHERE i.inhparent = ?::regclass AND child.relname ~ '_p[0-9]{8}$'")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public void maintain(Connection c, TierPlan plan, Instant now) throws SQLException {
    long today = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
    ensurePartitions(c, List.of(today, today + 1));
    for (Tier tier : plan.rollups()) {
      Instant from = now.minus(plan.refreshStart(tier));
      Instant to = now.minus(plan.refreshEnd(tier));
      refreshTier(c, plan, tier, from, to);
    }
    applyRetention(c, plan, now);
  }
}
