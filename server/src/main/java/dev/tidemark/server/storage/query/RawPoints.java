package dev.tidemark.server.storage.query;

import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;

/**
 * Raw points of some series as columns, from both places raw data lives: the rows of {@code
 * samples} (recent days) and the packed hour blocks of {@code sample_blocks} (older days on plain
 * PostgreSQL), decoded in Java. Where both hold a time, the block's value is kept: it was stored
 * first, and the row is a resend that arrived after its day was packed. Rows come through a binary
 * COPY ({@link CopyOutRows}), without a sort in the database, and are put in order per series in
 * Java only where they came out of order.
 */
public final class RawPoints {
  /** How far a block reaches after its first point: blocks hold one UTC hour of one series. */
  public static final long BLOCK_SPAN_MS = 3_600_000L;

  private RawPoints() {}

  /**
   * The points of {@code ids[i]} with {@code from <= time < to} in {@code out[i]}, in time order,
   * from SQL alone. With {@code blocks} false (TimescaleDB, which packs in its own columnstore)
   * only rows are read.
   */
  public static Columns[] read(Connection c, long[] ids, long from, long to, boolean blocks)
      throws SQLException {
    return read(c, Head.off(), ids, from, to, blocks);
  }

  /**
   * As {@link #read(Connection, long[], long, long, boolean)}, with the part of the range the head
   * answers for ({@link Head#read}: the recent end) taken from memory and only the rest from SQL.
   * The head holds exactly what the database holds from where it answers, so the points are the
   * ones SQL alone would give.
   */
  public static Columns[] read(
      Connection c, Head head, long[] ids, long from, long to, boolean blocks) throws SQLException {
    Columns[] recent = new Columns[ids.length];
    if (from >= to) {
      for (int i = 0; i < ids.length; i++) {
        recent[i] = new Columns(1);
      }
      return recent;
    }
    // decoded into one buffer, then copied out exactly as long: the blocks at either end of the
    // range hold points outside it, and an array sized for them was copied again to trim it
    Columns buffer = new Columns(0);
    int[] ends = new int[ids.length];
    long split = head.read(c, ids, from, to, false, buffer, ends);
    if (split < to) {
      for (int i = 0; i < ids.length; i++) {
        recent[i] = buffer.copyRange(i == 0 ? 0 : ends[i - 1], ends[i]);
      }
    }
    if (split <= from) {
      return recent;
    }
    Columns[] older = sql(c, ids, from, split, blocks);
    if (split < to) {
      for (int i = 0; i < ids.length; i++) {
        // every SQL point is before split, every head point at or after
        if (older[i].size() == 0) {
          older[i] = recent[i];
        } else {
          older[i].addAll(recent[i]);
        }
      }
    }
    return older;
  }

  /** The points of {@code ids[i]} with {@code from <= time < to} in time order, from SQL alone. */
  static Columns[] sql(Connection c, long[] ids, long from, long to, boolean blocks)
      throws SQLException {
    Map<Long, Integer> index = index(ids);
    Columns[] rows = new Columns[ids.length];
    Columns[] packed = new Columns[ids.length];
    for (int i = 0; i < ids.length; i++) {
      rows[i] = new Columns(16);
    }
    Long[] boxed = boxed(ids);
    if (blocks) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT series_id, data FROM sample_blocks WHERE series_id = ANY(?)"
                  + " AND start_ts >= ? AND start_ts < ? AND end_ts >= ?"
                  + " ORDER BY series_id, start_ts")) {
        ps.setArray(1, c.createArrayOf("bigint", boxed));
        ps.setTimestamp(2, new Timestamp(from - BLOCK_SPAN_MS));
        ps.setTimestamp(3, new Timestamp(to));
        ps.setTimestamp(4, new Timestamp(from));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int at = index.get(rs.getLong(1));
            if (packed[at] == null) {
              packed[at] = new Columns(256);
            }
            packed[at].addBlock(rs.getBytes(2), from, to);
          }
        }
      }
    }
    // COPY cannot bind parameters: only numbers this method formats reach the statement's text
    StringBuilder sql =
        new StringBuilder("COPY (SELECT series_id, ts, value FROM samples WHERE series_id IN (");
    for (int i = 0; i < ids.length; i++) {
      sql.append(i == 0 ? "" : ",").append(ids[i]);
    }
    sql.append(") AND ts >= ")
        .append(timestamp(from))
        .append(" AND ts < ")
        .append(timestamp(to))
        .append(") TO STDOUT (FORMAT binary)");
    Columns[] target = rows;
    CopyOutRows.read(c, sql.toString(), (id, t, v) -> target[index.get(id)].add(t, v));
    for (int i = 0; i < ids.length; i++) {
      rows[i].sort();
      if (packed[i] != null) {
        rows[i] = packed[i].merge(rows[i]);
      }
    }
    return rows;
  }

  /**
   * The latest point before {@code before} of each series (an empty column where there is none):
   * what a counter's increase over a range starts from.
   */
  public static Columns[] previous(Connection c, long[] ids, long before, boolean blocks)
      throws SQLException {
    return previous(c, ids, before, blocks, false);
  }

  /**
   * As {@link #previous(Connection, long[], long, boolean)}; with {@code distributed} (Citus) the
   * series come from {@code series_seen}, co-located with the data, instead of {@code unnest}:
   * Citus runs a lateral {@code LIMIT} on the workers only when its outer side is distributed too.
   * Every series written has a {@code series_seen} row (it is written with the samples).
   */
  public static Columns[] previous(
      Connection c, long[] ids, long before, boolean blocks, boolean distributed)
      throws SQLException {
    String series =
        distributed
            ? "(SELECT series_id AS sid FROM series_seen WHERE series_id = ANY(?::bigint[])) AS g"
            : "unnest(?::bigint[]) AS g(sid)";
    Map<Long, Integer> index = index(ids);
    Columns[] out = new Columns[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = new Columns(1);
    }
    Long[] boxed = boxed(ids);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT g.sid, p.ts, p.value FROM "
                + series
                + " CROSS JOIN LATERAL"
                + " (SELECT ts, value FROM samples WHERE series_id = g.sid AND ts < ?"
                + " ORDER BY ts DESC LIMIT 1) p")) {
      ps.setArray(1, c.createArrayOf("bigint", boxed));
      ps.setTimestamp(2, new Timestamp(before));
      try (ResultSet rs = ps.executeQuery()) {
        boolean binary = Timestamps.binary(rs, 2);
        while (rs.next()) {
          out[index.get(rs.getLong(1))].add(Timestamps.millis(rs, 2, binary), rs.getDouble(3));
        }
      }
    }
    if (!blocks) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT g.sid, p.data FROM "
                + series
                + " CROSS JOIN LATERAL"
                + " (SELECT data FROM sample_blocks WHERE series_id = g.sid AND start_ts < ?"
                + " ORDER BY start_ts DESC LIMIT 1) p")) {
      ps.setArray(1, c.createArrayOf("bigint", boxed));
      ps.setTimestamp(2, new Timestamp(before));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int at = index.get(rs.getLong(1));
          Columns block = new Columns(256);
          block.addBlock(rs.getBytes(2), Long.MIN_VALUE, before);
          if (block.size() == 0) {
            continue;
          }
          int last = block.size() - 1;
          Columns row = out[at];
          if (row.size() == 0 || row.time(0) <= block.time(last)) {
            row.clear();
            row.add(block.time(last), block.value(last));
          }
        }
      }
    }
    return out;
  }

  private static String timestamp(long epochMillis) {
    return "(TIMESTAMPTZ 'epoch' + " + epochMillis + " * INTERVAL '1 millisecond')";
  }

  private static Map<Long, Integer> index(long[] ids) {
    Map<Long, Integer> index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
    return index;
  }

  /** Ids as the boxed array a JDBC {@code bigint[]} parameter takes. */
  static Long[] boxed(long[] ids) {
    Long[] out = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }
}
