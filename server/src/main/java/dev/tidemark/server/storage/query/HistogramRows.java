package dev.tidemark.server.storage.query;

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
 * bucket and aggregated by {@link Aggregation#ofHistogram}, as every data source does.
 */
final class HistogramRows {
  /** Histogram fetches return one row per log bucket; this bounds them per result point. */
  static final long ROWS_PER_POINT = 50;

  private HistogramRows() {}

  static void read(
      ReadSession session, SeriesFetch f, SqlText sql, boolean serial, GroupPoints out, long limit)
      throws SQLException {
    Aggregation agg = f.aggregation();
    if (!agg.appliesToHistograms()) {
      throw QueryException.evaluate(
          "histograms cannot be aggregated with " + agg.keyword() + " [aggregation=" + agg + "]");
    }
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
        out.add(g.getKey(), bucket.getKey(), agg.ofHistogram(bucket.getValue(), f.quantile()));
      }
    }
  }
}
