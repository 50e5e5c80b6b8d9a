package dev.tidemark.server.storage.query;

import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.SeriesFetch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram fetch's rows, (group, bucket, log-bucket index, count), merged per group and result
 * bucket and aggregated as query-dsl's in-memory source aggregates histograms.
 */
final class HistogramRows {
  /** Histogram fetches return one row per log bucket; this bounds them per result point. */
  static final long ROWS_PER_POINT = 50;

  private HistogramRows() {}

  static void read(
      ReadSession session, SeriesFetch f, SqlText sql, boolean serial, GroupPoints out, long limit)
      throws SQLException {
    Map<Integer, TreeMap<Long, TreeMap<Integer, Long>>> merged = new TreeMap<>();
    long rows = 0;
    try (PreparedStatement ps = session.prepare(sql, serial, true);
        ResultSet rs = ReadSession.execute(ps, true)) {
      boolean binary = Timestamps.binary(rs, 2);
      while (rs.next()) {
        if (++rows > limit * ROWS_PER_POINT) {
          session.tooMany(Long.MAX_VALUE);
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
        session.tooMany(out.total() + 1);
        out.add(
            g.getKey(),
            bucket.getKey(),
            aggregate(bucket.getValue(), f.aggregation(), f.quantile()));
      }
    }
  }

  /** A histogram aggregation from merged counts, as query-dsl's in-memory source computes it. */
  static double aggregate(TreeMap<Integer, Long> counts, Aggregation agg, double q) {
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
}
