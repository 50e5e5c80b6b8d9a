package dev.tidemark.server.storage.query;

import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import dev.tidemark.server.storage.tier.Tier;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * query-dsl's {@link DataSource} over the server's tables, for one query on one connection (inside
 * the read-only transaction {@link QueryStore#read} opens). Series are selected from the catalogue
 * in Java; bucketing and aggregation run in SQL on the tier the planner chose, with these
 * exceptions, which read the raw tables because the rollups cannot answer them exactly:
 *
 * <ul>
 *   <li>{@code increase} and {@code rate}: rollups keep no per-bucket counter increase;
 *   <li>quantiles of gauges (the planner already asks raw);
 *   <li>a tier not aligned to every result bucket boundary (the planner never asks for one);
 *   <li>the most recent result buckets, which the rollup may not hold yet: the finer rollups answer
 *       for what they hold, raw for the last minutes ({@link TierChoice}).
 * </ul>
 *
 * A fetch is one statement and one round trip: the rollup part and the part for the newest buckets
 * (finer rollups, then raw) are joined with UNION ALL, and the statement timeout (what is left of
 * the query's time budget) travels ahead of it in the same round trip. When every group is a single
 * series, a rollup is read series by series through its key and nothing is grouped or sorted across
 * series. Rows stream into per-group arrays ({@link GroupPoints}) and are put in time order in
 * Java, only where they came out of order.
 */
public final class SqlDataSource implements DataSource {
  private final ReadSession session;
  private final Connection connection;
  private final Flavor flavor;
  private final TierPlan plan;
  private final TierChoice tiers;
  private final PackedFetch packed;
  private final RawSlices raw;
  private final Limits limits;
  private final CatalogCache catalogCache;
  private final Head head;
  private final Map<String, MetricKind> kinds = new HashMap<>();
  private final Map<String, SeriesCatalog.Metric> catalogues = new HashMap<>();

  SqlDataSource(
      Connection connection,
      Flavor flavor,
      TierPlan plan,
      Instant now,
      Limits limits,
      Duration maintenance,
      CatalogCache catalogCache,
      Head head) {
    this.session = new ReadSession(connection, limits);
    this.connection = connection;
    this.head = head;
    this.catalogCache = catalogCache;
    this.flavor = flavor;
    this.plan = plan;
    this.tiers = new TierChoice(plan, flavor, maintenance, now);
    this.packed = new PackedFetch(session, flavor, head, limits);
    this.raw = new RawSlices(session, head, flavor);
    this.limits = limits;
  }

  @Override
  public MetricKind kind(String metric) {
    try {
      SeriesCatalog.Metric m = catalogue(metric);
      if (!m.unitSeen()) {
        return MetricKinds.byName(metric);
      }
      return kinds.computeIfAbsent(
          metric,
          name -> {
            try {
              session.budget();
              return MetricKinds.kind(connection, plan, name);
            } catch (SQLException e) {
              throw session.translate(e);
            }
          });
    } catch (SQLException e) {
      throw session.translate(e);
    }
  }

  /**
   * A metric's series, read once per query: the planner asks for the kind of each metric before the
   * fetches, and that read serves both.
   */
  private SeriesCatalog.Metric catalogue(String metric) throws SQLException {
    SeriesCatalog.Metric m = catalogues.get(metric);
    if (m == null) {
      session.budget();
      m = catalogCache.read(connection, metric);
      catalogues.put(metric, m);
    }
    return m;
  }

  @Override
  public List<SeriesData> fetch(SeriesFetch f) {
    try {
      session.budget();
      List<SeriesCatalog.Entry> series = catalogue(f.metric()).select(f::selects);
      Map<Map<String, String>, Integer> groupIds = new LinkedHashMap<>();
      Long[] ids = new Long[series.size()];
      Integer[] groupOf = new Integer[series.size()];
      for (int i = 0; i < series.size(); i++) {
        ids[i] = series.get(i).id();
        groupOf[i] =
            groupIds.computeIfAbsent(
                f.grouping().keyOf(series.get(i).labels()), k -> groupIds.size());
      }
      checkSeries(f, groupIds.size());
      if (series.isEmpty()) {
        return List.of();
      }
      FetchSql.Groups groups = new FetchSql.Groups(ids, groupOf);
      GroupPoints points = new GroupPoints(groupIds.size(), expectedPoints(f));
      if (f.aggregation() == Aggregation.NONE) {
        rawPoints(f, series, groupOf, points);
      } else if (flavor.plainLayout() && packed.has(f, ids(series), tiers)) {
        packed.read(f, series, groupIds, points);
      } else {
        bucketed(f, groups, groupIds.size() == series.size(), points);
      }
      return points.series(new ArrayList<>(groupIds.keySet()));
    } catch (SQLException e) {
      throw session.translate(e);
    }
  }

  /**
   * Raw fetches of single series (what PromQL reads) stream: series are read a slice at a time
   * ({@link RawSlices}) and each is handed over as soon as its slice is read, so a query over
   * 10,000 series holds one slice of raw points, not all of them. Other fetches are read whole.
   */
  @Override
  public void fetchEach(SeriesFetch f, Consumer<SeriesData> each) {
    if (!rawPerSeries(f)) {
      DataSource.super.fetchEach(f, each);
      return;
    }
    rawEach(f, false, each);
  }

  /** As {@link #fetchEach}, each series' newest point; the head's need no decoding. */
  @Override
  public void fetchNewest(SeriesFetch f, Consumer<SeriesData> each) {
    if (!rawPerSeries(f)) {
      DataSource.super.fetchNewest(f, each);
      return;
    }
    rawEach(f, true, each);
  }

  private static boolean rawPerSeries(SeriesFetch f) {
    return f.aggregation() == Aggregation.NONE && f.grouping().mode() == Grouping.Mode.PER_SERIES;
  }

  private void rawEach(SeriesFetch f, boolean newest, Consumer<SeriesData> each) {
    try {
      session.budget();
      List<SeriesCatalog.Entry> series = catalogue(f.metric()).select(f::selects);
      checkSeries(f, series.size());
      raw.each(f, series, newest, each);
    } catch (SQLException e) {
      throw session.translate(e);
    }
  }

  private void checkSeries(SeriesFetch f, int groups) {
    if (groups > limits.maxSeries()) {
      throw QueryException.evaluate(
          "too many series, narrow the selector or group by fewer labels [metric="
              + f.metric()
              + ", series="
              + groups
              + ", max="
              + limits.maxSeries()
              + "]");
    }
  }

  @Override
  public List<String> metricNames() {
    try {
      session.budget();
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps =
              connection.prepareStatement("SELECT DISTINCT metric FROM series");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw session.translate(e);
    }
  }

  @Override
  public List<SeriesData> staleMarkers(SeriesFetch f) {
    try {
      session.budget();
      Map<Long, Map<String, String>> keyOf = new HashMap<>();
      for (SeriesCatalog.Entry e : catalogue(f.metric()).select(f::selects)) {
        keyOf.put(e.id(), f.grouping().keyOf(e.labels()));
      }
      if (keyOf.isEmpty()) {
        return List.of();
      }
      SqlText sql =
          new SqlText()
              .sql("SELECT series_id, ts FROM stale_markers WHERE series_id = ANY(?)")
              .array("bigint", keyOf.keySet().toArray(Long[]::new))
              .sql(" AND ts >= ? AND ts < ? ORDER BY ts")
              .time(f.from())
              .time(f.to());
      Map<Map<String, String>, List<Point>> groups = new LinkedHashMap<>();
      try (PreparedStatement ps = session.prepare(sql, true, false);
          ResultSet rs = ReadSession.execute(ps, false)) {
        boolean binary = Timestamps.binary(rs, 2);
        while (rs.next()) {
          groups
              .computeIfAbsent(keyOf.get(rs.getLong(1)), k -> new ArrayList<>())
              .add(new Point(Timestamps.millis(rs, 2, binary), Double.NaN));
        }
      }
      List<SeriesData> out = new ArrayList<>();
      groups.forEach((labels, points) -> out.add(new SeriesData(labels, points)));
      return out;
    } catch (SQLException e) {
      throw session.translate(e);
    }
  }

  /** Raw points without aggregation, each series' points added to its group. */
  private void rawPoints(
      SeriesFetch f, List<SeriesCatalog.Entry> series, Integer[] groupOf, GroupPoints out)
      throws SQLException {
    raw.read(
        f,
        series,
        false,
        (c, i) -> {
          session.tooMany(out.total() + c.size());
          out.addAll(groupOf[i], c.copyRange(0, c.size())); // lent: taken over, so copied
        });
  }

  static long[] ids(List<SeriesCatalog.Entry> series) {
    long[] ids = new long[series.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = series.get(i).id();
    }
    return ids;
  }

  private static long[] unboxed(Long[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  /** Buckets in the fetch range for fixed steps (what one group holds at most); a guess else. */
  private static long expectedPoints(SeriesFetch f) {
    if (f.bucketing().isPresent() && f.bucketing().get().step() instanceof Step.Fixed fixed) {
      long width = Math.max(1, fixed.width().toMillis());
      return (f.to().toEpochMilli() - f.from().toEpochMilli()) / width + 1;
    }
    return 64;
  }

  /**
   * Reads a bucketed fetch in one statement of at most two parts joined with UNION ALL: the tier
   * chosen, for the result buckets it holds for sure, and the newest buckets after them, merged
   * from each finer rollup as far as it holds them and raw for the last minutes ({@link
   * TierChoice}, {@link FetchSql#recent}).
   */
  private void bucketed(
      SeriesFetch f, FetchSql.Groups groups, boolean seriesPerGroup, GroupPoints out)
      throws SQLException {
    Bucketing b = f.bucketing().orElseThrow();
    TierChoice.Reads reads = tiers.reads(f, b);
    Tier chosen = reads.chosen();
    long limit = limits.maxPoints() + 1;
    boolean histogram = f.kind() == MetricKind.HISTOGRAM;
    List<SqlText> parts = new ArrayList<>(2);
    if (chosen.isRaw() || reads.cut().isAfter(f.from())) {
      parts.add(statement(f, b, chosen, groups, seriesPerGroup, f.from(), reads.cut()));
    }
    if (!reads.recent().isEmpty()) {
      parts.add(
          histogram
              ? FetchSql.recentHistogram(
                  flavor, reads.recent(), b, groups, limit * HistogramRows.ROWS_PER_POINT)
              : FetchSql.recent(flavor, reads.recent(), b, f.aggregation(), groups, limit));
    }
    SqlText sql = SqlText.unionAll(parts);
    boolean serial = !chosen.isRaw();
    if (histogram) {
      HistogramRows.read(session, f, sql, serial, out, limit);
    } else {
      boolean rate = f.aggregation() == Aggregation.RATE;
      readValues(sql, serial, out, rate ? b : null);
    }
  }

  private SqlText statement(
      SeriesFetch f,
      Bucketing b,
      Tier tier,
      FetchSql.Groups groups,
      boolean seriesPerGroup,
      Instant from,
      Instant to)
      throws SQLException {
    long limit = limits.maxPoints() + 1;
    if (f.kind() == MetricKind.HISTOGRAM) {
      return FetchSql.histogram(
          flavor, tier, b, groups, from, to, limit * HistogramRows.ROWS_PER_POINT);
    }
    if (f.aggregation() == Aggregation.INCREASE || f.aggregation() == Aggregation.RATE) {
      if (!flavor.plainLayout()) {
        return FetchSql.increase(flavor, b, groups, from, to, limit, null);
      }
      // plain PostgreSQL: the last point before the range, from rows or blocks
      Long[] ids = groups.seriesIds();
      Columns[] last =
          RawPoints.previous(
              connection, unboxed(ids), from.toEpochMilli(), true, flavor == Flavor.CITUS);
      return FetchSql.increase(flavor, b, groups, from, to, limit, FetchSql.Previous.of(ids, last));
    }
    if (seriesPerGroup && !tier.isRaw()) {
      return FetchSql.seriesRollup(flavor, tier, b, f.aggregation(), groups, from, to, limit);
    }
    return FetchSql.aggregate(
        flavor, tier, b, f.aggregation(), f.quantile(), groups, from, to, limit);
  }

  /** Rows of (group, bucket, value); with {@code rate} the value is divided by bucket seconds. */
  private void readValues(SqlText sql, boolean serial, GroupPoints out, Bucketing rate)
      throws SQLException {
    try (PreparedStatement ps = session.prepare(sql, serial, false);
        ResultSet rs = ReadSession.execute(ps, false)) {
      boolean binary = Timestamps.binary(rs, 2);
      while (rs.next()) {
        session.tooMany(out.total() + 1);
        long start = Timestamps.millis(rs, 2, binary);
        double v = rs.getDouble(3);
        if (rate != null) {
          v = v / ((rate.next(start) - start) / 1000.0);
        }
        out.add(rs.getInt(1), start, v);
      }
    }
  }
}
