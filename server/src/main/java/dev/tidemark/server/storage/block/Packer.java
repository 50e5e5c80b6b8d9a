package dev.tidemark.server.storage.block;

import dev.tidemark.server.storage.BinaryCopy;
import dev.tidemark.server.storage.query.CopyOutRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves raw samples between their two layouts on plain PostgreSQL. A day partition of {@code
 * samples} older than {@code storage.compress.after} (by then past every refresh window, so no
 * rollup reads it again) is packed into {@code sample_blocks}, one {@link BlockCodec} block per
 * series and UTC hour, and truncated, all in one transaction. Rows that arrive later for a packed
 * day (a resend, an agent's backlog) land in the emptied partition and are merged into their hour's
 * block at the next pass, the block's values winning on equal times. Before a rollup is recomputed
 * over packed hours (a late sample's day), those blocks are unpacked back into rows, so the rollup
 * SQL sees every raw point; the next pass packs them again.
 */
public final class Packer {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private static final long HOUR_MS = 3_600_000L;

  private static final long DAY_MS = 86_400_000L;

  /** Series packed per statement: bounds the rows one read holds. */
  private static final int SERIES_PER_READ = 2_000;

  /** Blocks unpacked per statement. */
  private static final int BLOCKS_PER_UNPACK = 20_000;

  private Packer() {}

  /**
   * Day partitions of {@code samples} that hold rows and end at or before {@code sealBefore}, as
   * (partition, day start).
   */
  public static Map<String, Instant> packableDays(Connection c, Instant sealBefore)
      throws SQLException {
    Map<String, Instant> out = new java.util.TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT child.relname FROM pg_inherits i"
                + " JOIN pg_class child ON child.oid = i.inhrelid"
                + " WHERE i.inhparent = 'samples'::regclass AND child.relname ~ '_p[0-9]{8}$'")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          Instant day =
              LocalDate.parse(name.substring(name.length() - 8), DAY)
                  .atStartOfDay(java.time.ZoneOffset.UTC)
                  .toInstant();
          if (!day.plusMillis(DAY_MS).isAfter(sealBefore)) {
            out.put(name, day);
          }
        }
      }
    }
    out.keySet().removeIf(p -> !hasRows(c, p));
    return out;
  }

  private static boolean hasRows(Connection c, String partition) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + partition + ")")) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      return false; // dropped meanwhile by retention
    }
  }

  /**
   * Packs one day partition (from {@link #packableDays}) inside the caller's transaction; returns
   * the samples packed. Writers of that day wait for the commit; readers do not, until the
   * truncate.
   */
  public static long packDay(Connection c, String partition, Instant day) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL lock_timeout = '10s'");
      s.execute("LOCK TABLE " + partition + " IN EXCLUSIVE MODE");
    }
    List<Long> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT series_id FROM " + partition)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    long packed = 0;
    for (int i = 0; i < ids.size(); i += SERIES_PER_READ) {
      packed +=
          packSeries(c, partition, day, ids.subList(i, Math.min(ids.size(), i + SERIES_PER_READ)));
    }
    try (Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + partition);
    }
    return packed;
  }

  private static long packSeries(Connection c, String partition, Instant day, List<Long> ids)
      throws SQLException {
    Long[] idArray = ids.toArray(Long[]::new);
    // blocks already there for these series and this day (rows arrived after it was packed)
    Map<Long, Map<Long, byte[]>> existing = new HashMap<>();
    Map<Long, Map<Long, Long>> existingStart = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT series_id, start_ts, data FROM sample_blocks WHERE series_id = ANY(?)"
                + " AND start_ts >= ? AND start_ts < ?")) {
      ps.setArray(1, c.createArrayOf("bigint", idArray));
      ps.setTimestamp(2, Timestamp.from(day));
      ps.setTimestamp(3, Timestamp.from(day.plusMillis(DAY_MS)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long start = rs.getTimestamp(2).getTime();
          long hour = Math.floorDiv(start, HOUR_MS);
          existing.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(hour, rs.getBytes(3));
          existingStart.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(hour, start);
        }
      }
    }
    BinaryCopy blocks = new BinaryCopy(ids.size() * 24, 600);
    List<Long> replacedSeries = new ArrayList<>();
    List<Timestamp> replacedStart = new ArrayList<>();
    StringBuilder sql = new StringBuilder("COPY (SELECT series_id, ts, value FROM ");
    sql.append(partition).append(" WHERE series_id IN (");
    for (int i = 0; i < ids.size(); i++) {
      sql.append(i == 0 ? "" : ",").append(ids.get(i)); // numbers only: COPY binds nothing
    }
    sql.append(") ORDER BY series_id, ts) TO STDOUT (FORMAT binary)");
    long[] packed = new long[1];
    Columns hour = new Columns(512);
    long[] current = {Long.MIN_VALUE, Long.MIN_VALUE}; // series, hour number
    CopyOutRows.read(
        c,
        sql.toString(),
        (id, t, v) -> {
          long h = Math.floorDiv(t, HOUR_MS);
          if (id != current[0] || h != current[1]) {
            packed[0] +=
                flush(
                    blocks,
                    current[0],
                    current[1],
                    hour,
                    existing,
                    existingStart,
                    replacedSeries,
                    replacedStart);
            current[0] = id;
            current[1] = h;
          }
          hour.add(t, v);
        });
    packed[0] +=
        flush(
            blocks,
            current[0],
            current[1],
            hour,
            existing,
            existingStart,
            replacedSeries,
            replacedStart);
    if (!replacedSeries.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM sample_blocks b USING unnest(?::bigint[], ?::timestamptz[]) AS r(sid, st)"
                  + " WHERE b.series_id = r.sid AND b.start_ts = r.st")) {
        ps.setArray(1, c.createArrayOf("bigint", replacedSeries.toArray()));
        ps.setArray(2, c.createArrayOf("timestamptz", replacedStart.toArray()));
        ps.executeUpdate();
      }
    }
    blocks.copy(
        c,
        "COPY sample_blocks (series_id, start_ts, end_ts, count, data) FROM STDIN (FORMAT binary)");
    return packed[0];
  }

  /** Encodes one series-hour (merged with its block, if one exists) as a COPY row. */
  private static int flush(
      BinaryCopy blocks,
      long series,
      long hourNo,
      Columns hour,
      Map<Long, Map<Long, byte[]>> existing,
      Map<Long, Map<Long, Long>> existingStart,
      List<Long> replacedSeries,
      List<Timestamp> replacedStart) {
    if (hour.size() == 0) {
      return 0;
    }
    Columns points = hour;
    byte[] old = existing.getOrDefault(series, Map.of()).get(hourNo);
    if (old != null) {
      Columns stored = new Columns(BlockCodec.count(old));
      stored.addBlock(old, Long.MIN_VALUE, Long.MAX_VALUE);
      points = stored.merge(hour);
      replacedSeries.add(series);
      replacedStart.add(new Timestamp(existingStart.get(series).get(hourNo)));
    }
    int n = points.size();
    blocks
        .row(5)
        .int8(series)
        .timestampMillis(points.time(0))
        .timestampMillis(points.time(n - 1))
        .int4(n)
        .bytea(points.encode(0, n));
    hour.clear();
    return n;
  }

  /**
   * Unpacks the blocks holding points in {@code [from, to)} back into rows of {@code samples}
   * (whose day partitions must exist), in the caller's transaction; returns the blocks unpacked. A
   * row already there for a packed time is a later resend: the block's value replaces it.
   */
  public static int unpack(Connection c, Instant from, Instant to) throws SQLException {
    List<Long> series = new ArrayList<>();
    List<Timestamp> starts = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT series_id, start_ts FROM sample_blocks WHERE start_ts >= ? AND start_ts < ?"
                + " AND end_ts >= ?")) {
      ps.setTimestamp(1, new Timestamp(from.toEpochMilli() - HOUR_MS));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.setTimestamp(3, Timestamp.from(from));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          series.add(rs.getLong(1));
          starts.add(rs.getTimestamp(2));
        }
      }
    }
    if (series.isEmpty()) {
      return 0;
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE IF NOT EXISTS samples_unpacked"
              + " (series_id bigint, ts timestamptz, value double precision)");
      s.execute("TRUNCATE samples_unpacked");
    }
    for (int i = 0; i < series.size(); i += BLOCKS_PER_UNPACK) {
      int end = Math.min(series.size(), i + BLOCKS_PER_UNPACK);
      Object[] sids = series.subList(i, end).toArray();
      Object[] sts = starts.subList(i, end).toArray();
      BinaryCopy rows = new BinaryCopy(1024, 38);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT b.series_id, b.data FROM sample_blocks b"
                  + " JOIN unnest(?::bigint[], ?::timestamptz[]) AS r(sid, st)"
                  + " ON b.series_id = r.sid AND b.start_ts = r.st")) {
        ps.setArray(1, c.createArrayOf("bigint", sids));
        ps.setArray(2, c.createArrayOf("timestamptz", sts));
        try (ResultSet rs = ps.executeQuery()) {
          Columns points = new Columns(512);
          while (rs.next()) {
            long id = rs.getLong(1);
            points.clear();
            points.addBlock(rs.getBytes(2), Long.MIN_VALUE, Long.MAX_VALUE);
            for (int p = 0; p < points.size(); p++) {
              rows.row(3).int8(id).timestampMillis(points.time(p)).float8(points.value(p));
            }
          }
        }
      }
      rows.copy(c, "COPY samples_unpacked (series_id, ts, value) FROM STDIN (FORMAT binary)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM sample_blocks b USING unnest(?::bigint[], ?::timestamptz[]) AS r(sid, st)"
                  + " WHERE b.series_id = r.sid AND b.start_ts = r.st")) {
        ps.setArray(1, c.createArrayOf("bigint", sids));
        ps.setArray(2, c.createArrayOf("timestamptz", sts));
        ps.executeUpdate();
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO samples (series_id, ts, value) SELECT series_id, ts, value"
              + " FROM samples_unpacked ON CONFLICT (series_id, ts)"
              + " DO UPDATE SET value = excluded.value");
      s.execute("TRUNCATE samples_unpacked");
    }
    return series.size();
  }

  /** Whether blocks hold points in {@code [from, to)}. */
  public static boolean holds(Connection c, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM sample_blocks WHERE start_ts >= ? AND start_ts < ?"
                + " AND end_ts >= ?)")) {
      ps.setTimestamp(1, new Timestamp(from.toEpochMilli() - HOUR_MS));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.setTimestamp(3, Timestamp.from(from));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Days whose blocks {@link #unpack} over {@code [from, to)} would write rows into. */
  public static List<Long> unpackDays(Instant from, Instant to) {
    List<Long> days = new ArrayList<>();
    for (long d = Math.floorDiv(from.toEpochMilli() - HOUR_MS, DAY_MS);
        d <= Math.floorDiv(to.toEpochMilli(), DAY_MS);
        d++) {
      days.add(d);
    }
    return days;
  }

  /** Deletes the blocks of days that end at or before {@code cutoffDay} (raw retention). */
  public static int expire(Connection c, Instant cutoffDay) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM sample_blocks WHERE start_ts < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoffDay));
      return ps.executeUpdate();
    }
  }
}
