package dev.tidemark.server.storage;

import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import dev.tidemark.server.storage.query.RawPoints;
import dev.tidemark.server.storage.tier.Tier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Reads series and their data back, from raw or from any tier. */
public final class SeriesReader {
  private final Supplier<Head> head;

  SeriesReader(Supplier<Head> head) {
    this.head = head;
  }

  /** A series as stored. {@code labels} is the canonical JSON object. */
  public record SeriesInfo(long id, String metric, String labels, String unit) {}

  /** One raw sample ({@code min = max = sum = last = value, count = 1}) or one tier bucket. */
  public record Point(Instant time, double min, double max, double sum, long count, double last) {}

  /** Totals and quantiles of the histograms of one series over a range. */
  public record HistogramSummary(
      long count, double sum, double min, double max, Map<Double, Double> quantiles) {}

  /**
   * Series of a metric (all metrics if null) whose labels contain {@code matchers}, at most {@code
   * limit}, by id.
   */
  public List<SeriesInfo> series(
      Connection c, String metric, Map<String, String> matchers, int limit) throws SQLException {
    StringBuilder json = new StringBuilder("{");
    matchers.forEach(
        (k, v) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          json.append(quote(k)).append(':').append(quote(v));
        });
    json.append('}');
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, metric, labels::text, unit FROM series"
                + " WHERE (?::text IS NULL OR metric = ?) AND labels @> ?::jsonb"
                + " ORDER BY id LIMIT ?")) {
      ps.setString(1, metric);
      ps.setString(2, metric);
      ps.setString(3, json.toString());
      ps.setInt(4, limit);
      List<SeriesInfo> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new SeriesInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return out;
    }
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Samples of one series in {@code [from, to)} at a tier, oldest first, at most {@code limit}. */
  public List<Point> points(
      Connection c, long seriesId, Tier tier, Instant from, Instant to, int limit)
      throws SQLException {
    if (tier.isRaw()) {
      Columns raw =
          RawPoints.read(
              c, head.get(), new long[] {seriesId}, from.toEpochMilli(), to.toEpochMilli(), true)[
              0];
      List<Point> out = new ArrayList<>();
      for (int i = 0; i < Math.min(limit, raw.size()); i++) {
        double v = raw.value(i);
        out.add(new Point(Instant.ofEpochMilli(raw.time(i)), v, v, v, 1, v));
      }
      return out;
    }
    String sql =
        "SELECT bucket, min_value, max_value, sum_value, count, last_value FROM "
            + tier.relation("samples")
            + " WHERE series_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, seriesId, from, to);
      ps.setInt(4, limit);
      List<Point> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Point(
                  rs.getTimestamp(1).toInstant(),
                  rs.getDouble(2),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  rs.getLong(5),
                  rs.getDouble(6)));
        }
      }
      return out;
    }
  }

  /** The histograms of one series in {@code [from, to)} at a tier, merged. */
  public HistogramSummary histogram(
      Connection c, long seriesId, Tier tier, Instant from, Instant to, List<Double> quantiles)
      throws SQLException {
    String time = tier.isRaw() ? "ts" : "bucket";
    long count = 0;
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce(sum(count), 0)::bigint, coalesce(sum(sum_value), 0),"
                + " min(min_value), max(max_value) FROM "
                + tier.relation("histograms")
                + " WHERE series_id = ? AND "
                + time
                + " >= ? AND "
                + time
                + " < ?")) {
      bind(ps, seriesId, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
        sum = rs.getDouble(2);
        if (count > 0) {
          min = rs.getDouble(3);
          max = rs.getDouble(4);
        }
      }
    }
    TreeMap<Integer, Long> buckets = new TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT idx, sum(count)::bigint FROM "
                + tier.relation("histogram_buckets")
                + " WHERE series_id = ? AND "
                + time
                + " >= ? AND "
                + time
                + " < ? GROUP BY idx")) {
      bind(ps, seriesId, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          buckets.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    Map<Double, Double> qs = new LinkedHashMap<>();
    for (double q : quantiles) {
      qs.put(q, LogBuckets.standard().quantile(buckets, q));
    }
    return new HistogramSummary(count, sum, min, max, qs);
  }

  private static void bind(PreparedStatement ps, long seriesId, Instant from, Instant to)
      throws SQLException {
    ps.setLong(1, seriesId);
    ps.setTimestamp(2, Timestamp.from(from));
    ps.setTimestamp(3, Timestamp.from(to));
  }
}
