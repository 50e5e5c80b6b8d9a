package dev.tidemark.server.storage.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The series of each metric, kept between queries. Series are only ever added (never changed or
 * deleted), and ids grow, so a query reads just the series registered since the newest id it holds
 * ({@code WHERE metric = ? AND id > ?} through the {@code (metric, id)} index) instead of every
 * series of the metric with its labels as JSON: at 10,000 series that read and its parsing were
 * most of a PromQL query's time. Ids are taken in one order and may commit in another (two writers
 * registering series at once), so a metric is read whole again once its entry is {@link
 * #FULL_READ_AFTER_NANOS} old: a series committed late under a lower id shows within that time.
 * Bounded by {@code maxSeries} entries over all metrics; past it the cache starts over.
 */
final class CatalogCache {
  private record Cached(
      List<SeriesCatalog.Entry> series, boolean unitSeen, long maxId, long readAt) {}

  static final long FULL_READ_AFTER_NANOS = 30_000_000_000L;

  private final Map<String, Cached> byMetric = new ConcurrentHashMap<>();
  private final AtomicLong entries = new AtomicLong();
  private final long maxSeries;

  CatalogCache(long maxSeries) {
    this.maxSeries = maxSeries;
  }

  SeriesCatalog.Metric read(Connection c, String metric) throws SQLException {
    Cached old = byMetric.get(metric);
    long started = System.nanoTime();
    if (old != null && started - old.readAt() > FULL_READ_AFTER_NANOS) {
      old = null;
    }
    long after = old == null ? 0 : old.maxId();
    List<SeriesCatalog.Entry> added = new ArrayList<>();
    boolean unit = old != null && old.unitSeen();
    long maxId = after;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, labels::text, unit IS NOT NULL FROM series WHERE metric = ? AND id > ?"
                + " ORDER BY id")) {
      ps.setString(1, metric);
      ps.setLong(2, after);
      ps.setFetchSize(10_000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          added.add(new SeriesCatalog.Entry(id, SeriesCatalog.labels(rs.getString(2))));
          unit |= rs.getBoolean(3);
          maxId = Math.max(maxId, id);
        }
      }
    }
    if (added.isEmpty() && old != null) {
      return new SeriesCatalog.Metric(old.series(), old.unitSeen());
    }
    List<SeriesCatalog.Entry> all =
        new ArrayList<>((old == null ? 0 : old.series().size()) + added.size());
    if (old != null) {
      all.addAll(old.series());
    }
    all.addAll(added);
    List<SeriesCatalog.Entry> frozen = List.copyOf(all);
    if (entries.addAndGet(added.size()) > maxSeries) {
      byMetric.clear();
      entries.set(frozen.size());
    }
    long readAt = old == null ? started : old.readAt();
    Cached next = new Cached(frozen, unit, maxId, readAt);
    byMetric.merge(
        metric,
        next,
        (a, b) ->
            a.readAt() != b.readAt()
                ? (a.readAt() > b.readAt() ? a : b)
                : a.maxId() >= b.maxId() ? a : b);
    return new SeriesCatalog.Metric(frozen, unit);
  }
}
