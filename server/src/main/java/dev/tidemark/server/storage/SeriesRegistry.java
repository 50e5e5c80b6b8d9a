package dev.tidemark.server.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Metric + labels → series id. Ids are cached in a bounded LRU (the catalog may hold far more
 * series than memory should); misses are resolved for the whole batch by an insert that ignores
 * conflicts and returns the ids it made, then, only for series that existed already, a select (a
 * burst of new series costs one statement). Concurrent creators of the same series meet on the
 * unique fingerprint and read back the one id. Keys are inserted in fingerprint order so two
 * batches can never deadlock on each other's rows.
 */
public final class SeriesRegistry {
  private final Cache<SeriesKey, Long> cache;

  public SeriesRegistry(long maxCached) {
    this.cache = Caffeine.newBuilder().maximumSize(maxCached).build();
  }

  /** Ids of the given keys, in order, creating series that do not exist yet. */
  public long[] resolve(Connection c, List<SeriesKey> keys, Map<SeriesKey, String> units)
      throws SQLException {
    long[] ids = new long[keys.size()];
    Map<SeriesKey, List<Integer>> missing = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Long id = cache.getIfPresent(keys.get(i));
      if (id != null) {
        ids[i] = id;
      } else {
        missing.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
      }
    }
    if (!missing.isEmpty()) {
      Map<UUID, Long> found = createAndFetch(c, new ArrayList<>(missing.keySet()), units);
      for (Map.Entry<SeriesKey, List<Integer>> e : missing.entrySet()) {
        Long id = found.get(e.getKey().fingerprint());
        if (id == null) {
          throw new SQLException("series vanished while being created: " + e.getKey());
        }
        cache.put(e.getKey(), id);
        for (int i : e.getValue()) {
          ids[i] = id;
        }
      }
    }
    return ids;
  }

  /** Ids of the given keys, in order, if every one is cached; else null. */
  public long[] cached(List<SeriesKey> keys) {
    long[] ids = new long[keys.size()];
    for (int i = 0; i < ids.length; i++) {
      Long id = cache.getIfPresent(keys.get(i));
      if (id == null) {
        return null;
      }
      ids[i] = id;
    }
    return ids;
  }

  private static Map<UUID, Long> createAndFetch(
      Connection c, List<SeriesKey> keys, Map<SeriesKey, String> units) throws SQLException {
    // in fingerprint order, one lock order for concurrent creators; sorted by UUID's own order
    // (no comparator: those share TimSort's compiled code, and each switch recompiled it)
    Map<UUID, SeriesKey> byFingerprint = new HashMap<>(keys.size() * 2);
    for (SeriesKey k : keys) {
      byFingerprint.put(k.fingerprint(), k);
    }
    UUID[] fingerprints = byFingerprint.keySet().toArray(new UUID[0]);
    Arrays.sort(fingerprints);
    int n = fingerprints.length;
    String[] metrics = new String[n];
    String[] labels = new String[n];
    String[] unitArray = new String[n];
    for (int i = 0; i < n; i++) {
      SeriesKey k = byFingerprint.get(fingerprints[i]);
      metrics[i] = k.metric();
      labels[i] = k.labels().canonical();
      unitArray[i] = units.get(k);
    }
    Map<UUID, Long> found = new HashMap<>(n * 2);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO series (fingerprint, metric, labels, unit)"
                + " SELECT f, m, l::jsonb, u FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[])"
                + " AS t(f, m, l, u) ON CONFLICT (fingerprint) DO NOTHING"
                + " RETURNING fingerprint, id")) {
      insert.setArray(1, c.createArrayOf("uuid", fingerprints));
      insert.setArray(2, c.createArrayOf("text", metrics));
      insert.setArray(3, c.createArrayOf("text", labels));
      insert.setArray(4, c.createArrayOf("text", unitArray));
      readIds(insert, found);
    }
    if (found.size() < n) { // made before, or by a concurrent creator: read back
      UUID[] rest =
          Arrays.stream(fingerprints).filter(f -> !found.containsKey(f)).toArray(UUID[]::new);
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT fingerprint, id FROM series WHERE fingerprint = ANY(?::uuid[])")) {
        select.setArray(1, c.createArrayOf("uuid", rest));
        readIds(select, found);
      }
    }
    return found;
  }

  private static void readIds(PreparedStatement ps, Map<UUID, Long> into) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.put(rs.getObject(1, UUID.class), rs.getLong(2));
      }
    }
  }

  public long cachedSize() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
