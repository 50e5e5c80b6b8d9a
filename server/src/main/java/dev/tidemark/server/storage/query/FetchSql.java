package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.tier.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements behind one fetch, per source (raw tables or one rollup tier). Series are joined to
 * their group number through {@code unnest(ids, groups)}, so selection, bucketing and aggregation
 * per group and bucket all happen in the database; each statement returns rows of {@code (group,
 * bucket start, value)} (histograms: {@code (group, bucket start, index, count)}), at most {@code
 * limit}. Bucketed rows come in no particular order (sorting them in the database cost more than
 * the rest of a rollup read: 15 ms against 2 ms for 14,400 rows); the reader puts each group's
 * points in order. Raw points without aggregation come ordered.
 *
 * <p>Rollup rows answer exactly like the raw points they summarise: avg = Σsum / Σcount, min, max,
 * count = Σcount, sum of series means, last by (last_ts, last_value). Counter increases and gauge
 * quantiles are not in the rollups and always read raw.
 */
final class FetchSql {

  /** Which series belong to which group. */
  record Groups(Long[] seriesIds, Integer[] groups) {}

  /** One source of the newest buckets: a rollup, or raw, over {@code [from, to)}. */
  record Slice(Tier tier, Instant from, Instant to) {}

  /**
   * The groups' series as rows {@code (sid, grp)}. Both columns are bigint: Citus (13.2) gives a
   * multi-column {@code unnest} the first column's type in every column when it plans a UNION ALL
   * over distributed tables, and then refuses to convert bigint to integer.
   */
  private static final String GROUPS = "unnest(?::bigint[], ?::int[]::bigint[]) AS g(sid, grp)";

  private FetchSql() {}

  /** AVG, MIN, MAX, COUNT, LAST, SUM and gauge QUANTILE over raw samples or a rollup. */
  static SqlText aggregate(
      Flavor flavor,
      Tier tier,
      Bucketing bucketing,
      Aggregation agg,
      double q,
      Groups groups,
      Instant from,
      Instant to,
      long limit) {
    boolean raw = tier.isRaw();
    String time = raw ? "d.ts" : "d.bucket";
    SqlText sql = new SqlText();
    if (agg == Aggregation.SUM) {
      // a group's sum adds up its series' means: mean per series and bucket first
      // grouped by the table's own series_id (equal to g.sid): Citus then runs the inner
      // aggregation on the workers; grouped by g.sid it fails to pass the parameters on
      sql.sql("SELECT grp, b, sum(m) FROM (SELECT g.grp, d.series_id, ");
      BucketSql.append(sql, flavor, bucketing, time);
      sql.sql(raw ? " AS b, avg(d.value) AS m" : " AS b, sum(d.sum_value) / sum(d.count) AS m");
      from(sql, tier, "samples", groups, from, to);
      return sql.sql(" GROUP BY 1, 2, 3) x GROUP BY 1, 2 LIMIT ?").integer(limit);
    }
    sql.sql("SELECT g.grp, ");
    BucketSql.append(sql, flavor, bucketing, time);
    sql.sql(" AS b, ");
    switch (agg) {
      case AVG -> sql.sql(raw ? "avg(d.value)" : "sum(d.sum_value) / sum(d.count)");
      case MIN -> sql.sql(raw ? "min(d.value)" : "min(d.min_value)");
      case MAX -> sql.sql(raw ? "max(d.value)" : "max(d.max_value)");
      case COUNT -> sql.sql(raw ? "count(*)::float8" : "sum(d.count)::float8");
      case LAST ->
          sql.sql(
              raw
                  ? "(array_agg(d.value ORDER BY d.ts DESC, d.value DESC))[1]"
                  : "(array_agg(d.last_value ORDER BY d.last_ts DESC, d.last_value DESC))[1]");
      case QUANTILE -> {
        if (!raw) {
          throw new IllegalArgumentException("cannot read quantiles of a gauge from a rollup");
        }
        sql.sql("percentile_cont(?) WITHIN GROUP (ORDER BY d.value)").number(q);
      }
      default -> throw new IllegalArgumentException("cannot aggregate with " + agg + " here");
    }
    from(sql, tier, "samples", groups, from, to);
    return sql.sql(" GROUP BY 1, 2 LIMIT ?").integer(limit);
  }

  /**
   * AVG, MIN, MAX, COUNT, LAST and SUM from a rollup when every group is one series: each series'
   * rows are read on their own through the {@code (series_id, bucket)} key, and nothing is grouped
   * or sorted across series. When the step is the tier's width the rollup row is the answer;
   * otherwise each series' rows are re-bucketed on their own. For one series, the sum of series
   * means is that series' mean.
   */
  static SqlText seriesRollup(
      Flavor flavor,
      Tier tier,
      Bucketing bucketing,
      Aggregation agg,
      Groups groups,
      Instant from,
      Instant to,
      long limit) {
    SqlText sql =
        new SqlText()
            .sql("SELECT g.grp, r.b, r.v FROM " + GROUPS)
            .array("bigint", groups.seriesIds())
            .array("integer", groups.groups())
            .sql(" CROSS JOIN LATERAL (SELECT ");
    boolean same = BucketSql.sameAsTier(tier, bucketing);
    if (same) {
      sql.sql("d.bucket AS b, ");
      switch (agg) {
        case AVG, SUM -> sql.sql("d.sum_value / d.count");
        case MIN -> sql.sql("d.min_value");
        case MAX -> sql.sql("d.max_value");
        case COUNT -> sql.sql("d.count::float8");
        case LAST -> sql.sql("d.last_value");
        default -> throw new IllegalArgumentException("cannot read " + agg + " from a rollup");
      }
    } else {
      BucketSql.append(sql, flavor, bucketing, "d.bucket");
      sql.sql(" AS b, ");
      switch (agg) {
        case AVG, SUM -> sql.sql("sum(d.sum_value) / sum(d.count)");
        case MIN -> sql.sql("min(d.min_value)");
        case MAX -> sql.sql("max(d.max_value)");
        case COUNT -> sql.sql("sum(d.count)::float8");
        case LAST ->
            sql.sql("(array_agg(d.last_value ORDER BY d.last_ts DESC, d.last_value DESC))[1]");
        default -> throw new IllegalArgumentException("cannot read " + agg + " from a rollup");
      }
    }
    sql.sql(" AS v FROM " + tier.relation("samples") + " d")
        .sql(" WHERE d.series_id = g.sid AND d.bucket >= ? AND d.bucket < ?")
        .time(from)
        .time(to);
    // d.series_id is one value here; grouping by it too lets Citus run the lateral on its workers
    return sql.sql(same ? ") r LIMIT ?" : " GROUP BY d.series_id, 1) r LIMIT ?").integer(limit);
  }

  /** Each series' last point before a range, when the caller read it (from rows and blocks). */
  record Previous(Long[] seriesIds, java.sql.Timestamp[] times, Double[] values) {
    /** From each series' last point (none when its columns are empty), in {@code ids}' order. */
    static Previous of(Long[] ids, Columns[] last) {
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
      return new Previous(
          sids.toArray(Long[]::new),
          times.toArray(java.sql.Timestamp[]::new),
          values.toArray(Double[]::new));
    }
  }

  /**
   * Counter increase per group and bucket from raw samples: each series' points in range plus its
   * latest point before {@code from} (read here, or given as {@code previous}), consecutive
   * differences (a drop counts the new value: a reset) credited to the bucket of the later point.
   */
  static SqlText increase(
      Flavor flavor,
      Bucketing bucketing,
      Groups groups,
      Instant from,
      Instant to,
      long limit,
      Previous previous) {
    SqlText sql =
        new SqlText()
            .sql("WITH g AS (SELECT * FROM " + GROUPS + "),")
            .array("bigint", groups.seriesIds())
            .array("integer", groups.groups())
            .sql(" pts AS (SELECT g.grp, g.sid, d.ts, d.value FROM samples d")
            .sql(" JOIN g ON d.series_id = g.sid WHERE d.series_id = ANY(?::bigint[])")
            .array("bigint", groups.seriesIds())
            .sql(" AND d.ts >= ? AND d.ts < ?")
            .time(from)
            .time(to);
    if (previous == null) {
      sql.sql(" UNION ALL SELECT g.grp, g.sid, p.ts, p.value FROM g CROSS JOIN LATERAL")
          .sql(" (SELECT ts, value FROM samples WHERE series_id = g.sid AND ts < ?")
          .time(from)
          .sql(" ORDER BY ts DESC LIMIT 1) p),");
    } else {
      sql.sql(" UNION ALL SELECT g.grp, g.sid, p.ts, p.value FROM g JOIN")
          .sql(" unnest(?::bigint[], ?::timestamptz[], ?::float8[]) AS p(sid, ts, value)")
          .array("bigint", previous.seriesIds())
          .array("timestamptz", previous.times())
          .array("float8", previous.values())
          .sql(" ON p.sid = g.sid),");
    }
    sql.sql(" d AS (SELECT grp, ts, value,")
        .sql(" lag(value) OVER (PARTITION BY sid ORDER BY ts) AS prev FROM pts)")
        .sql(" SELECT grp, ");
    BucketSql.append(sql, flavor, bucketing, "d.ts");
    return sql.sql(" AS b, sum(CASE WHEN value >= prev THEN value - prev ELSE value END) FROM d")
        .sql(" WHERE prev IS NOT NULL AND ts >= ? GROUP BY 1, 2 LIMIT ?")
        .time(from)
        .integer(limit);
  }

  /** Merged log-bucket counts per group, bucket and index, from raw histograms or a rollup. */
  static SqlText histogram(
      Flavor flavor,
      Tier tier,
      Bucketing bucketing,
      Groups groups,
      Instant from,
      Instant to,
      long limit) {
    String time = tier.isRaw() ? "d.ts" : "d.bucket";
    SqlText sql = new SqlText().sql("SELECT g.grp, ");
    BucketSql.append(sql, flavor, bucketing, time);
    sql.sql(" AS b, d.idx, sum(d.count)::bigint");
    from(sql, tier, "histogram_buckets", groups, from, to);
    return sql.sql(" GROUP BY 1, 2, 3 LIMIT ?").integer(limit);
  }

  /**
   * AVG, MIN, MAX, COUNT, LAST and SUM over the newest buckets, read from several sources: each
   * finer rollup for the buckets it holds and raw for the rest, cut at each rollup's own bucket
   * width rather than at result buckets. A result bucket may then take rows from several sources,
   * so each source gives the same partial columns (sum, count, min, max, last time, last value; a
   * raw point is a partial of one) and the aggregate is taken over their union, exactly as over the
   * raw points: the rollups hold the same partials. Each series is read on its own through its key:
   * the ranges are short, and both a join (a scan of the day) and {@code = ANY} (on PostgreSQL 17,
   * a walk through each series' whole key range) read far more than them.
   */
  static SqlText recent(
      Flavor flavor,
      List<Slice> slices,
      Bucketing bucketing,
      Aggregation agg,
      Groups groups,
      long limit) {
    SqlText rows = new SqlText();
    for (int i = 0; i < slices.size(); i++) {
      Slice s = slices.get(i);
      rows.sql(i == 0 ? "SELECT g.grp, g.sid, " : " UNION ALL SELECT g.grp, g.sid, ");
      BucketSql.append(rows, flavor, bucketing, "p.t");
      rows.sql(" AS b, p.s, p.c, p.mn, p.mx, p.lt, p.lv");
      perSeries(
          rows,
          s,
          "samples",
          s.tier().isRaw()
              ? "d.ts AS t, d.value AS s, 1::bigint AS c, d.value AS mn, d.value AS mx,"
                  + " d.ts AS lt, d.value AS lv"
              : "d.bucket AS t, d.sum_value AS s, d.count AS c, d.min_value AS mn,"
                  + " d.max_value AS mx, d.last_ts AS lt, d.last_value AS lv",
          groups);
    }
    SqlText sql = new SqlText();
    if (agg == Aggregation.SUM) {
      // a group's sum adds up its series' means: mean per series and bucket first
      sql.sql("SELECT grp, b, sum(m) FROM (SELECT grp, sid, b, sum(s) / sum(c) AS m FROM (")
          .append(rows)
          .sql(") x GROUP BY 1, 2, 3) y GROUP BY 1, 2 LIMIT ?");
      return sql.integer(limit);
    }
    sql.sql("SELECT grp, b, ");
    switch (agg) {
      case AVG -> sql.sql("sum(s) / sum(c)");
      case MIN -> sql.sql("min(mn)");
      case MAX -> sql.sql("max(mx)");
      case COUNT -> sql.sql("sum(c)::float8");
      case LAST -> sql.sql("(array_agg(lv ORDER BY lt DESC, lv DESC))[1]");
      default -> throw new IllegalArgumentException("cannot merge " + agg + " across tiers");
    }
    return sql.sql(" FROM (").append(rows).sql(") x GROUP BY 1, 2 LIMIT ?").integer(limit);
  }

  /** Merged log-bucket counts of the newest buckets from several sources (see {@link #recent}). */
  static SqlText recentHistogram(
      Flavor flavor, List<Slice> slices, Bucketing bucketing, Groups groups, long limit) {
    SqlText rows = new SqlText();
    for (int i = 0; i < slices.size(); i++) {
      Slice s = slices.get(i);
      rows.sql(i == 0 ? "SELECT g.grp, " : " UNION ALL SELECT g.grp, ");
      BucketSql.append(rows, flavor, bucketing, "p.t");
      rows.sql(" AS b, p.idx, p.count");
      perSeries(
          rows,
          s,
          "histogram_buckets",
          (s.tier().isRaw() ? "d.ts" : "d.bucket") + " AS t, d.idx, d.count",
          groups);
    }
    return new SqlText()
        .sql("SELECT grp, b, idx, sum(count)::bigint FROM (")
        .append(rows)
        .sql(") x GROUP BY 1, 2, 3 LIMIT ?")
        .integer(limit);
  }

  /** {@code FROM} the groups' series, each joined to its own rows of the slice as {@code p}. */
  private static void perSeries(SqlText sql, Slice s, String table, String columns, Groups groups) {
    String time = s.tier().isRaw() ? "d.ts" : "d.bucket";
    sql.sql(" FROM " + GROUPS + " CROSS JOIN LATERAL (SELECT ")
        .array("bigint", groups.seriesIds())
        .array("integer", groups.groups())
        .sql(columns + " FROM " + s.tier().relation(table) + " d WHERE d.series_id = g.sid")
        .sql(" AND " + time + " >= ? AND " + time + " < ?) p")
        .time(s.from())
        .time(s.to());
  }

  /**
   * The rows of the groups' series in {@code [from, to)}, joined to their group numbers. In the raw
   * tables the series are also named with {@code = ANY}, which the join alone does not tell the
   * planner: without it, the newest hour of 20 series at a 10 s interval was read by scanning the
   * whole day's partition (7.4 ms against 2.3 ms through the (series_id, ts) index). Not in the
   * rollups, which are not partitioned by day: there PostgreSQL 17 walks the whole key range of
   * each series for a short time range (19 ms for 140 rows of the 1m rollup).
   */
  private static void from(
      SqlText sql, Tier tier, String table, Groups groups, Instant from, Instant to) {
    String time = tier.isRaw() ? "d.ts" : "d.bucket";
    sql.sql(" FROM " + tier.relation(table) + " d JOIN " + GROUPS)
        .array("bigint", groups.seriesIds())
        .array("integer", groups.groups())
        .sql(" ON d.series_id = g.sid WHERE ");
    if (tier.isRaw()) {
      sql.sql("d.series_id = ANY(?::bigint[]) AND ").array("bigint", groups.seriesIds());
    }
    sql.sql(time + " >= ? AND " + time + " < ?").time(from).time(to);
  }
}
