package dev.tidemark.server.storage.query;

import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.memory.InMemoryDataSource;
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
import java.util.TreeMap;

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
 *   <li>the most recent result buckets, which the rollup may not hold yet ({@link QueryTiers#lag}):
 *       the finer rollups answer for what they hold, raw for the last minutes.
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
  /** Histogram fetches return one row per log bucket; this bounds them per result point. */
  static final long HISTOGRAM_ROWS_PER_POINT = 50;

  private final Connection connection;
  private final Flavor flavor;
  private final TierPlan plan;
  private final Instant now;
  private final Limits limits;
  private final Duration maintenance;
  private final CatalogCache catalogCache;
  private final Head head;
  private final long deadline;
  private final Map<String, MetricKind> kinds = new HashMap<>();
  private final Map<String, SeriesCatalog.Metric> catalogues = new HashMap<>();

  /** Whether this transaction runs statements without parallel workers (see {@link #prepare}). */
  private boolean parallelOff;

  SqlDataSource(
      Connection connection,
      Flavor flavor,
      TierPlan plan,
      Instant now,
      Limits limits,
      Duration maintenance,
      CatalogCache catalogCache,
      Head head) {
    this.connection = connection;
    this.head = head;
    this.catalogCache = catalogCache;
    this.flavor = flavor;
    this.plan = plan;
    this.now = now;
    this.limits = limits;
    this.maintenance = maintenance;
    this.deadline = System.nanoTime() + limits.timeout().toNanos();
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
              budget();
              return MetricKinds.kind(connection, plan, name);
            } catch (SQLException e) {
              throw translate(e);
            }
          });
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * A metric's series, read once per query: the planner asks for the kind of each metric before the
   * fetches, and that read serves both.
   */
  private SeriesCatalog.Metric catalogue(String metric) throws SQLException {
    SeriesCatalog.Metric m = catalogues.get(metric);
    if (m == null) {
      budget();
      m = catalogCache.read(connection, metric);
      catalogues.put(metric, m);
    }
    return m;
  }

  @Override
  public List<SeriesData> fetch(SeriesFetch f) {
    try {
      budget();
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
      if (groupIds.size() > limits.maxSeries()) {
        throw QueryException.evaluate(
            "too many series, narrow the selector or group by fewer labels [metric="
                + f.metric()
                + ", series="
                + groupIds.size()
                + ", max="
                + limits.maxSeries()
                + "]");
      }
      if (series.isEmpty()) {
        return List.of();
      }
      FetchSql.Groups groups = new FetchSql.Groups(ids, groupOf);
      GroupPoints points = new GroupPoints(groupIds.size(), expectedPoints(f));
      if (f.aggregation() == Aggregation.NONE) {
        rawPoints(f, series, groupOf, points);
      } else if (packedRaw(f, series)) {
        inMemory(f, series, groupIds, points);
      } else {
        bucketed(f, groups, groupIds.size() == series.size(), points);
      }
      return points.series(new ArrayList<>(groupIds.keySet()));
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  @Override
  public List<String> metricNames() {
    try {
      budget();
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
      throw translate(e);
    }
  }

  @Override
  public List<SeriesData> staleMarkers(SeriesFetch f) {
    try {
      budget();
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
      try (PreparedStatement ps = prepare(sql, true, false);
          ResultSet rs = execute(ps, false)) {
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
      throw translate(e);
    }
  }

  /**
   * Raw points without aggregation (what PromQL reads): rows and packed blocks decoded into columns
   * in Java ({@link RawPoints}), each series' points added to its group.
   */
  private void rawPoints(
      SeriesFetch f, List<SeriesCatalog.Entry> series, Integer[] groupOf, GroupPoints out)
      throws SQLException {
    arm(false);
    Columns[] columns =
        RawPoints.read(
            connection,
            head,
            ids(series),
            f.from().toEpochMilli(),
            f.to().toEpochMilli(),
            flavor.plainLayout());
    for (int i = 0; i < columns.length; i++) {
      Columns c = columns[i];
      tooMany(out.total() + c.size());
      out.addAll(groupOf[i], c);
    }
  }

  private static long[] ids(List<SeriesCatalog.Entry> series) {
    long[] ids = new long[series.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = series.get(i).id();
    }
    return ids;
  }

  /**
   * Whether a bucketed fetch reads raw points some of which are packed in blocks (plain PostgreSQL,
   * days older than {@code storage.compress.after}), which SQL cannot aggregate.
   */
  private boolean packedRaw(SeriesFetch f, List<SeriesCatalog.Entry> series) throws SQLException {
    if (!flavor.plainLayout() || f.kind() == MetricKind.HISTOGRAM) {
      return false;
    }
    Bucketing b = f.bucketing().orElseThrow();
    if (!source(f, b).isRaw()) {
      return false;
    }
    // a counter's last point before the range may be packed too: the SQL path is then given it
    // from Java (see statement), so only blocks inside the range send a fetch to Java
    SqlText sql =
        new SqlText()
            .sql("SELECT EXISTS (SELECT 1 FROM sample_blocks WHERE series_id = ANY(?)")
            .array("bigint", RawPoints.boxed(ids(series)))
            .sql(" AND start_ts < ? AND start_ts >= ? AND end_ts >= ?)")
            .time(f.to())
            .time(f.from().minusMillis(RawPoints.BLOCK_SPAN_MS))
            .time(f.from());
    try (PreparedStatement ps = prepare(sql, false, false);
        ResultSet rs = execute(ps, false)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /**
   * A bucketed fetch over packed raw points: the points are decoded in Java and aggregated by
   * query-dsl's reference source, whose answers the SQL ones are tested against.
   */
  private void inMemory(
      SeriesFetch f,
      List<SeriesCatalog.Entry> series,
      Map<Map<String, String>, Integer> groupIds,
      GroupPoints out)
      throws SQLException {
    arm(false);
    long[] ids = ids(series);
    long from = f.from().toEpochMilli();
    Columns[] columns = RawPoints.read(connection, head, ids, from, f.to().toEpochMilli(), true);
    boolean counter =
        f.aggregation() == Aggregation.INCREASE || f.aggregation() == Aggregation.RATE;
    Columns[] previous =
        counter ? RawPoints.previous(connection, ids, from, true, flavor == Flavor.CITUS) : null;
    InMemoryDataSource memory = InMemoryDataSource.create().declare(f.metric(), f.kind());
    long total = 0;
    for (int i = 0; i < ids.length; i++) {
      Map<String, String> labels = series.get(i).labels();
      for (Columns c :
          counter ? new Columns[] {previous[i], columns[i]} : new Columns[] {columns[i]}) {
        total += c.size();
        if (total > limits.maxPoints() * 10L) {
          tooMany(Long.MAX_VALUE);
        }
        for (int p = 0; p < c.size(); p++) {
          memory.add(f.metric(), labels, Instant.ofEpochMilli(c.time(p)), c.value(p));
        }
      }
    }
    for (SeriesData d : memory.fetch(f)) {
      Integer group = groupIds.get(d.labels());
      if (group == null) {
        continue;
      }
      tooMany(out.total() + d.points().size());
      for (Point p : d.points()) {
        out.add(group, p.time(), p.value());
      }
    }
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
   * Reads a bucketed fetch in one statement of at most two parts joined with UNION ALL: the rollup
   * the fetch may use, for the result buckets it holds for sure ({@link QueryTiers#lag}), and the
   * newest buckets after them, merged from each finer rollup as far as it holds them and raw for
   * the last minutes ({@link FetchSql#recent}). At a 10 s interval the two or three hours the 1h
   * rollup lags behind are as many raw rows as the 30 days before them in it; the 1m rollup lags
   * three minutes.
   */
  private void bucketed(
      SeriesFetch f, FetchSql.Groups groups, boolean seriesPerGroup, GroupPoints out)
      throws SQLException {
    Bucketing b = f.bucketing().orElseThrow();
    List<Tier> sources = sources(f, b);
    Tier chosen = sources.get(0);
    Instant start = f.from();
    Instant to = f.to();
    long limit = limits.maxPoints() + 1;
    boolean histogram = f.kind() == MetricKind.HISTOGRAM;
    List<SqlText> parts = new ArrayList<>(2);
    if (chosen.isRaw()) {
      parts.add(statement(f, b, chosen, groups, seriesPerGroup, start, to));
    } else {
      Instant cut = Instant.ofEpochMilli(b.startOf(now.minus(lag(chosen)).toEpochMilli()));
      if (cut.isAfter(start)) {
        Instant end = cut.isBefore(to) ? cut : to;
        parts.add(statement(f, b, chosen, groups, seriesPerGroup, start, end));
        start = end;
      }
      List<FetchSql.Slice> slices = new ArrayList<>();
      for (Tier tier : sources.subList(1, sources.size())) {
        if (!start.isBefore(to)) {
          break;
        }
        Instant end = to;
        if (!tier.isRaw()) {
          if (!covers(tier, start)) {
            continue; // a finer rollup that no longer keeps these buckets
          }
          long width = tier.width().toMillis();
          long held = Math.floorDiv(now.minus(lag(tier)).toEpochMilli(), width) * width;
          end = held < to.toEpochMilli() ? Instant.ofEpochMilli(held) : to;
        }
        if (end.isAfter(start)) {
          slices.add(new FetchSql.Slice(tier, start, end));
          start = end;
        }
      }
      if (!slices.isEmpty()) {
        parts.add(
            histogram
                ? FetchSql.recentHistogram(
                    flavor, slices, b, groups, limit * HISTOGRAM_ROWS_PER_POINT)
                : FetchSql.recent(flavor, slices, b, f.aggregation(), groups, limit));
      }
    }
    SqlText sql = SqlText.unionAll(parts);
    boolean serial = !chosen.isRaw();
    if (histogram) {
      readHistograms(f, sql, serial, out);
    } else {
      boolean rate = f.aggregation() == Aggregation.RATE;
      readValues(sql, serial, out, rate ? b : null);
    }
  }

  private Duration lag(Tier tier) {
    return QueryTiers.lag(plan, tier.name(), flavor, maintenance);
  }

  /**
   * The tiers to read, in order: the one chosen ({@link #source}), the finer rollups, coarsest
   * first (each width divides the one after it, so they are aligned to the step wherever the chosen
   * one is), and raw last.
   */
  private List<Tier> sources(SeriesFetch f, Bucketing b) {
    Tier chosen = source(f, b);
    List<Tier> out = new ArrayList<>();
    out.add(chosen);
    if (!chosen.isRaw()) {
      List<Tier> rollups = plan.rollups();
      for (int i = rollups.indexOf(chosen) - 1; i >= 0; i--) {
        if (aligned(rollups.get(i), b, f.from(), f.to())) {
          out.add(rollups.get(i));
        }
      }
      out.add(plan.raw());
    }
    return out;
  }

  /** Whether a rollup still keeps the bucket at {@code start} (retention). */
  private boolean covers(Tier tier, Instant start) {
    return tier.retention().map(keep -> !now.minus(keep).isAfter(start)).orElse(true);
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
          flavor, tier, b, groups, from, to, limit * HISTOGRAM_ROWS_PER_POINT);
    }
    if (f.aggregation() == Aggregation.INCREASE || f.aggregation() == Aggregation.RATE) {
      if (!flavor.plainLayout()) {
        return FetchSql.increase(flavor, b, groups, from, to, limit, null);
      }
      // plain PostgreSQL: the last point before the range, from rows or blocks
      long[] ids = new long[groups.seriesIds().length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = groups.seriesIds()[i];
      }
      Columns[] last =
          RawPoints.previous(connection, ids, from.toEpochMilli(), true, flavor == Flavor.CITUS);
      List<Long> sids = new ArrayList<>();
      List<java.sql.Timestamp> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) {
        if (last[i].size() > 0) {
          sids.add(ids[i]);
          times.add(new java.sql.Timestamp(last[i].time(0)));
          values.add(last[i].value(0));
        }
      }
      return FetchSql.increase(
          flavor,
          b,
          groups,
          from,
          to,
          limit,
          new FetchSql.Previous(
              sids.toArray(Long[]::new),
              times.toArray(java.sql.Timestamp[]::new),
              values.toArray(Double[]::new)));
    }
    if (seriesPerGroup && !tier.isRaw()) {
      return FetchSql.seriesRollup(flavor, tier, b, f.aggregation(), groups, from, to, limit);
    }
    return FetchSql.aggregate(
        flavor, tier, b, f.aggregation(), f.quantile(), groups, from, to, limit);
  }

  /** The tier to read: the planner's, unless the rollups cannot answer the fetch exactly. */
  private Tier source(SeriesFetch f, Bucketing b) {
    Tier raw = plan.raw();
    if (f.tier().isRaw()) {
      return raw;
    }
    boolean histogram = f.kind() == MetricKind.HISTOGRAM;
    Aggregation agg = f.aggregation();
    if (!histogram
        && (agg == Aggregation.INCREASE
            || agg == Aggregation.RATE
            || agg == Aggregation.QUANTILE)) {
      return raw;
    }
    Tier tier = plan.tier(f.tier().name()).orElse(raw);
    return aligned(tier, b, f.from(), f.to()) ? tier : raw;
  }

  static boolean aligned(Tier tier, Bucketing b, Instant from, Instant to) {
    long width = tier.width().toMillis();
    if (tier.isRaw() || width <= 0) {
      return true;
    }
    if (b.step() instanceof Step.Fixed fixed) {
      return fixed.width().toMillis() % width == 0;
    }
    long end = to.toEpochMilli();
    for (long t = from.toEpochMilli(); t < end; t = b.next(t)) {
      if (Math.floorMod(t, width) != 0) {
        return false;
      }
    }
    return Math.floorMod(end, width) == 0;
  }

  /** Rows of (group, bucket, value); with {@code rate} the value is divided by bucket seconds. */
  private void readValues(SqlText sql, boolean serial, GroupPoints out, Bucketing rate)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, serial, false);
        ResultSet rs = execute(ps, false)) {
      boolean binary = Timestamps.binary(rs, 2);
      while (rs.next()) {
        tooMany(out.total() + 1);
        long start = Timestamps.millis(rs, 2, binary);
        double v = rs.getDouble(3);
        if (rate != null) {
          v = v / ((rate.next(start) - start) / 1000.0);
        }
        out.add(rs.getInt(1), start, v);
      }
    }
  }

  private void readHistograms(SeriesFetch f, SqlText sql, boolean serial, GroupPoints out)
      throws SQLException {
    Map<Integer, TreeMap<Long, TreeMap<Integer, Long>>> merged = new TreeMap<>();
    long rows = 0;
    try (PreparedStatement ps = prepare(sql, serial, true);
        ResultSet rs = execute(ps, true)) {
      boolean binary = Timestamps.binary(rs, 2);
      while (rs.next()) {
        if (++rows > (limits.maxPoints() + 1) * HISTOGRAM_ROWS_PER_POINT) {
          tooMany(Long.MAX_VALUE);
        }
        long count = rs.getLong(4);
        if (count > 0) {
          merged
              .computeIfAbsent(rs.getInt(1), g -> new TreeMap<>())
              .computeIfAbsent(Timestamps.millis(rs, 2, binary), t -> new TreeMap<>())
              .put(rs.getInt(3), count);
        }
      }
    }
    for (Map.Entry<Integer, TreeMap<Long, TreeMap<Integer, Long>>> g : merged.entrySet()) {
      for (Map.Entry<Long, TreeMap<Integer, Long>> bucket : g.getValue().entrySet()) {
        tooMany(out.total() + 1);
        out.add(
            g.getKey(),
            bucket.getKey(),
            histogram(bucket.getValue(), f.aggregation(), f.quantile()));
      }
    }
  }

  /** A histogram aggregation from merged counts, as query-dsl's in-memory source computes it. */
  static double histogram(TreeMap<Integer, Long> counts, Aggregation agg, double q) {
    LogBuckets lb = LogBuckets.standard();
    long n = 0;
    double total = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      n += e.getValue();
      total += lb.value(e.getKey()) * e.getValue();
    }
    return switch (agg) {
      case COUNT -> n;
      case SUM -> total;
      case AVG -> total / n;
      case MIN -> lb.value(counts.firstKey());
      case MAX -> lb.value(counts.lastKey());
      case QUANTILE -> lb.quantile(counts, q);
      default ->
          throw QueryException.evaluate(
              "histograms cannot be aggregated with "
                  + agg.keyword()
                  + " [aggregation="
                  + agg
                  + "]");
    };
  }

  private void tooMany(long rows) {
    if (rows > limits.maxPoints()) {
      throw QueryException.evaluate(
          "too many points, use a larger step or a shorter range [points>"
              + limits.maxPoints()
              + "]");
    }
  }

  /**
   * The statement behind {@code sql}, with the statement timeout set to what is left of the query's
   * budget. The settings travel in the same round trip, ahead of the statement: PostgreSQL (13 and
   * later) arms a fresh timer for every Execute message. With {@code stream} (histogram reads, up
   * to {@link #HISTOGRAM_ROWS_PER_POINT} rows per point) the rows come through a cursor instead,
   * which needs a statement of its own, so the settings are sent by a statement before it.
   *
   * <p>With {@code serial} (reads that start from a rollup, small by design) the statement runs
   * without parallel workers: the planner put the few hundred rows of the newest buckets under a
   * Gather whose workers took 85 ms to start on a busy two-core machine, against 9 ms for the whole
   * read. Reads of raw data keep the database's setting.
   */
  /** Sets the statement timeout for statements prepared without {@link #prepare}. */
  private void arm(boolean serial) throws SQLException {
    try (PreparedStatement ps = settings(serial).prepare(connection)) {
      ps.execute();
    }
  }

  private PreparedStatement prepare(SqlText sql, boolean serial, boolean stream)
      throws SQLException {
    SqlText settings = settings(serial);
    if (stream) {
      try (PreparedStatement ps = settings.prepare(connection)) {
        ps.execute();
      }
      PreparedStatement ps = sql.prepare(connection);
      ps.setFetchSize(10_000);
      return ps;
    }
    return settings.sql(";").append(sql).prepare(connection);
  }

  private SqlText settings(boolean serial) {
    SqlText settings =
        new SqlText()
            .sql("SELECT set_config('statement_timeout', ?, true)")
            .text(Long.toString(Math.max(1, budget())));
    if (serial && !parallelOff) {
      settings.sql(", set_config('max_parallel_workers_per_gather', '0', true)");
      parallelOff = true;
    } else if (!serial && parallelOff) {
      settings.sql(
          ", set_config('max_parallel_workers_per_gather', (SELECT reset_val FROM pg_settings"
              + " WHERE name = 'max_parallel_workers_per_gather'), true)");
      parallelOff = false;
    }
    return settings;
  }

  /** Runs a statement from {@link #prepare} and returns its rows. */
  private static ResultSet execute(PreparedStatement ps, boolean stream) throws SQLException {
    if (stream) {
      return ps.executeQuery();
    }
    ps.execute(); // first result: set_config's
    if (!ps.getMoreResults()) {
      throw new SQLException("cannot read series: the statement returned no rows");
    }
    return ps.getResultSet();
  }

  /** Milliseconds left of the query's budget; throws when none are. */
  private long budget() {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw timedOut();
    }
    return left;
  }

  private QueryException timedOut() {
    return QueryException.evaluate(
        "query took longer than allowed [timeout=" + limits.timeout() + "]");
  }

  /** Timeouts and bad values become query errors; anything else is the server's failure. */
  private RuntimeException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("57014")) {
      return timedOut();
    }
    if (state.startsWith("22")) {
      return QueryException.evaluate("storage refused a value: " + e.getMessage());
    }
    return new IllegalStateException("cannot read series: " + e.getMessage(), e);
  }
}
