package dev.tidemark.server.storage.citus;

import dev.tidemark.server.storage.tier.Tier;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-PostgreSQL layout spread over a Citus cluster. The migrations create it on the
 * coordinator as on plain PostgreSQL; this step then distributes it, table by table, skipping what
 * is distributed already (safe to run at every start and after a tier is added):
 *
 * <ul>
 *   <li><b>Distributed by {@code series_id}, all co-located with {@code samples}</b>: the raw
 *       tables ({@code samples}, {@code histograms}, {@code histogram_buckets}, all partitioned by
 *       day: a new day's partition is distributed with its parent), {@code sample_blocks}, every
 *       rollup tier table, {@code stale_markers} and {@code series_seen}. A series' raw rows,
 *       blocks and buckets sit in the same shard, so a rollup refresh ({@code INSERT … SELECT …
 *       GROUP BY series_id}) and packing run on each worker without moving rows, and every unique
 *       key holds the distribution column.
 *   <li><b>Distributed by {@code trace_id}</b>: {@code spans}, the other table that grows with
 *       traffic; a trace's spans share a shard.
 *   <li><b>Reference table</b> (a copy on every node): {@code series}, the catalogue. Queries and
 *       release reads join it with the distributed tables, and its unique fingerprint cannot be
 *       kept by a table sharded on the id. One row per series: its writes (once per new series) go
 *       to every node.
 *   <li><b>Left on the coordinator</b>: everything small that is never joined with distributed
 *       data: batch ids, write-ahead positions, retention, late hours, metric metadata, alert state
 *       and rule groups, releases with their snapshots, dependencies, evidence and comparisons.
 *       They cost no distributed transaction, keep their foreign keys and sequences as they are,
 *       and a local table may still be read next to distributed ones in one transaction.
 * </ul>
 */
public final class CitusLayout {
  private static final Logger LOG = LoggerFactory.getLogger(CitusLayout.class);

  /** The co-location anchor: every series-keyed table shares its shards. */
  static final String ANCHOR = "samples";

  private static final List<String> BY_SERIES =
      List.of("histograms", "histogram_buckets", "sample_blocks", "stale_markers", "series_seen");

  private static final List<String> REFERENCE = List.of("series");

  private CitusLayout() {}

  /** The tables distributed by series id, the anchor first, for {@code plan}'s tiers. */
  static List<String> bySeries(TierPlan plan) {
    List<String> out = new ArrayList<>();
    out.add(ANCHOR);
    out.addAll(BY_SERIES);
    for (Tier tier : plan.rollups()) {
      for (String table : TierPlan.RAW_TABLES) {
        out.add(tier.relation(table));
      }
    }
    return out;
  }

  /** Distributes what is not distributed yet; each table in its own transaction. */
  public static void apply(Connection c, TierPlan plan) throws SQLException {
    for (String table : REFERENCE) {
      if (!distributed(c, table)) {
        call(c, "SELECT create_reference_table(?::regclass)", table);
      }
    }
    for (String table : bySeries(plan)) {
      if (!distributed(c, table)) {
        call(
            c,
            table.equals(ANCHOR)
                ? "SELECT create_distributed_table(?::regclass, 'series_id')"
                : "SELECT create_distributed_table(?::regclass, 'series_id', colocate_with => '"
                    + ANCHOR
                    + "')",
            table);
      }
    }
    if (!distributed(c, "spans")) {
      call(c, "SELECT create_distributed_table(?::regclass, 'trace_id')", "spans");
    }
  }

  private static boolean distributed(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = ?::regclass)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static void call(Connection c, String sql, String table) throws SQLException {
    long started = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, table);
      ps.execute();
    } catch (SQLException e) {
      throw new SQLException(
          "cannot distribute table " + table + " on Citus: " + e.getMessage(), e.getSQLState(), e);
    }
    LOG.info(
        "distributed table on Citus [table={}, ms={}]",
        table,
        (System.nanoTime() - started) / 1_000_000);
  }
}
