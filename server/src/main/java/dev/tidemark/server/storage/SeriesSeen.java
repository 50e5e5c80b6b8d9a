package dev.tidemark.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HashMap;
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

  /** The spans to upsert for one transaction, applied to the cache after it commits. */
  final class Pending {
    private final Map<Long, long[]> spans = new HashMap<>();

    void add(long id, long time) {
      long[] span = spans.get(id);
      if (span == null) {
        spans.put(id, new long[] {time, time});
      } else {
        span[0] = Math.min(span[0], time);
        span[1] = Math.max(span[1], time);
      }
    }

    /** Upserts the spans that widen what is recorded; inside the writer's transaction. */
    void write(Connection c) throws SQLException {
      spans.entrySet().removeIf(e -> !widens(committed.get(e.getKey()), e.getValue()));
      if (spans.isEmpty()) {
        return;
      }
      Long[] ids = spans.keySet().toArray(Long[]::new);
      Arrays.sort(ids); // one lock order for every writer
      Timestamp[] first = new Timestamp[ids.length];
      Timestamp[] last = new Timestamp[ids.length];
      for (int i = 0; i < ids.length; i++) {
        long[] span = spans.get(ids[i]);
        first[i] = new Timestamp(span[0]);
        last[i] = new Timestamp(span[1]);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO series_seen (series_id, first_seen, last_seen)"
                  + " SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::timestamptz[])"
                  + " ON CONFLICT (series_id) DO UPDATE SET"
                  + " first_seen = least(series_seen.first_seen, excluded.first_seen),"
                  + " last_seen = greatest(series_seen.last_seen, excluded.last_seen)")) {
        ps.setArray(1, c.createArrayOf("bigint", ids));
        ps.setArray(2, c.createArrayOf("timestamptz", first));
        ps.setArray(3, c.createArrayOf("timestamptz", last));
        ps.executeUpdate();
      }
    }

    /** After the transaction committed: what was written is what the table holds at least. */
    void committed() {
      if (committed.size() + spans.size() > MAX_CACHED) {
        committed.clear();
      }
      spans.forEach(
          (id, span) ->
              committed.merge(
                  id,
                  span.clone(),
                  (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
    }
  }

  Pending pending() {
    return new Pending();
  }

  private static boolean widens(long[] recorded, long[] span) {
    return recorded == null || span[0] < recorded[0] || span[1] > recorded[1] + SLACK_MS;
  }
}
