package dev.tidemark.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps {@code series_seen} (first and last sample time per series) as samples are written: per
 * write transaction, the earliest and latest time of each series in it are upserted in one
 * statement, and only for series whose recorded span they widen, by more than {@link #SLACK_MS} at
 * the end. A cache of what was committed makes the common case (a series scraped again a few
 * seconds later) cost no SQL at all. Readers widen {@code start} by the slack, so no series is
 * missed for it. Safe for writers on several threads (the cache only ever errs towards writing).
 */
final class SeriesSeen {
  /** How far the recorded last time may trail the real one. */
  static final long SLACK_MS = 60_000;

  /** Series remembered before the cache starts over (about 50 MB at most). */
  static final int MAX_CACHED = 1_000_000;

  private final Map<Long, long[]> committed = new ConcurrentHashMap<>();

  /**
   * The spans to upsert for one transaction, applied to the cache after it commits: series ids and
   * their first and last times in open-addressed arrays, as every stored sample passes through
   * {@link #add} (a map of boxed ids cost an object per sample).
   */
  final class Pending {
    private long[] ids = new long[1024];
    private long[] firsts = new long[ids.length];
    private long[] lasts = new long[ids.length];
    private boolean[] used = new boolean[ids.length];
    private int size;

    /** Rows of (id, first, last) that {@link #write} upserted, in id order. */
    private long[][] widening = new long[0][];

    void add(long id, long time) {
      int mask = ids.length - 1;
      int i = slot(id, mask);
      while (used[i]) {
        if (ids[i] == id) {
          firsts[i] = Math.min(firsts[i], time);
          lasts[i] = Math.max(lasts[i], time);
          return;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      ids[i] = id;
      firsts[i] = time;
      lasts[i] = time;
      if (++size * 2 > ids.length) {
        grow();
      }
    }

    private static int slot(long id, int mask) {
      return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    private void grow() {
      long[] oldIds = ids;
      long[] oldFirsts = firsts;
      long[] oldLasts = lasts;
      boolean[] oldUsed = used;
      ids = new long[oldIds.length * 2];
      firsts = new long[ids.length];
      lasts = new long[ids.length];
      used = new boolean[ids.length];
      int mask = ids.length - 1;
      for (int j = 0; j < oldIds.length; j++) {
        if (oldUsed[j]) {
          int i = slot(oldIds[j], mask);
          while (used[i]) {
            i = (i + 1) & mask;
          }
          used[i] = true;
          ids[i] = oldIds[j];
          firsts[i] = oldFirsts[j];
          lasts[i] = oldLasts[j];
        }
      }
    }

    /**
     * Keeps only the spans that widen what is recorded, in id order (one lock order). The ids are
     * sorted as primitives: a comparator here shared {@code TimSort}'s compiled code with every
     * other comparator sort in the process, and each switch between them recompiled it.
     */
    private void keepWidening() {
      long[] widened = new long[size];
      int n = 0;
      for (int j = 0; j < ids.length; j++) {
        if (used[j] && widens(committed.get(ids[j]), firsts[j], lasts[j])) {
          widened[n++] = ids[j];
        }
      }
      Arrays.sort(widened, 0, n);
      widening = new long[n][];
      int mask = ids.length - 1;
      for (int k = 0; k < n; k++) {
        int i = slot(widened[k], mask);
        while (!used[i] || ids[i] != widened[k]) {
          i = (i + 1) & mask;
        }
        widening[k] = new long[] {ids[i], firsts[i], lasts[i]};
      }
    }

    /** Upserts the spans that widen what is recorded; inside the writer's transaction. */
    void write(Connection c) throws SQLException {
      keepWidening();
      if (widening.length == 0) {
        return;
      }
      Long[] id = new Long[widening.length];
      Long[] first = new Long[widening.length];
      Long[] last = new Long[widening.length];
      for (int i = 0; i < widening.length; i++) {
        id[i] = widening[i][0];
        first[i] = widening[i][1];
        last[i] = widening[i][2];
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO series_seen (series_id, first_seen, last_seen)"
                  + " SELECT u.id, 'epoch'::timestamptz + u.first * interval '1 millisecond',"
                  + " 'epoch'::timestamptz + u.last * interval '1 millisecond'"
                  + " FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS u(id, first, last)"
                  + " ON CONFLICT (series_id) DO UPDATE SET"
                  + " first_seen = least(series_seen.first_seen, excluded.first_seen),"
                  + " last_seen = greatest(series_seen.last_seen, excluded.last_seen)")) {
        ps.setArray(1, c.createArrayOf("bigint", id));
        ps.setArray(2, c.createArrayOf("bigint", first));
        ps.setArray(3, c.createArrayOf("bigint", last));
        ps.executeUpdate();
      }
    }

    /** After the transaction committed: what was written is what the table holds at least. */
    void committed() {
      if (committed.size() + widening.length > MAX_CACHED) {
        committed.clear();
      }
      for (long[] row : widening) {
        committed.merge(
            row[0],
            new long[] {row[1], row[2]},
            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      }
    }
  }

  Pending pending() {
    return new Pending();
  }

  private static boolean widens(long[] recorded, long first, long last) {
    return recorded == null || first < recorded[0] || last > recorded[1] + SLACK_MS;
  }
}
