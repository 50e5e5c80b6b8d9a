package dev.tidemark.server.storage;

import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.query.histogram.LogBuckets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The rows a write stores besides plain samples, inside the writer's transaction: histograms (their
 * totals, and their distributions as log buckets) and staleness markers.
 */
final class RawRows {
  private RawRows() {}

  /** Prometheus resends on retry, so a marker already stored is no error. */
  static void insertStaleMarkers(Connection c, List<Sample> markers, List<Long> ids)
      throws SQLException {
    if (markers.isEmpty()) {
      return;
    }
    Timestamp[] times =
        markers.stream().map(m -> new Timestamp(m.timestamp())).toArray(Timestamp[]::new);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO stale_markers (series_id, ts)"
                + " SELECT * FROM unnest(?::bigint[], ?::timestamptz[]) ON CONFLICT DO NOTHING")) {
      ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
      ps.setArray(2, c.createArrayOf("timestamptz", times));
      ps.executeUpdate();
    }
  }

  /** COPYs histograms: one totals row each and one row per non-empty log bucket. */
  static void copyHistograms(Connection c, List<HistogramSample> histograms, long[] ids)
      throws SQLException {
    BinaryCopy totals = new BinaryCopy(histograms.size(), 62);
    BinaryCopy buckets = new BinaryCopy(histograms.size() * 64, 34);
    for (int i = 0; i < histograms.size(); i++) {
      HistogramSample h = histograms.get(i);
      long id = ids[i];
      AbstractHistogram hdr = h.histogram();
      long count = hdr.getTotalCount();
      totals
          .row(6)
          .int8(id)
          .timestampMillis(h.timestamp())
          .int8(count)
          .float8(count == 0 ? 0 : hdr.getMean() * count)
          .float8(count == 0 ? 0 : hdr.getMinValue())
          .float8(count == 0 ? 0 : hdr.getMaxValue());
      for (Map.Entry<Integer, Long> b : toBuckets(hdr).entrySet()) {
        buckets.row(4).int8(id).timestampMillis(h.timestamp()).int4(b.getKey()).int8(b.getValue());
      }
    }
    CopyOnce.copy(c, totals, "histograms", "series_id, ts, count, sum_value, min_value, max_value");
    CopyOnce.copy(c, buckets, "histogram_buckets", "series_id, ts, idx, count");
  }

  /** An HdrHistogram's counts moved into log buckets, each value at its HDR bucket's middle. */
  static TreeMap<Integer, Long> toBuckets(AbstractHistogram hdr) {
    TreeMap<Integer, Long> out = new TreeMap<>();
    for (HistogramIterationValue v : hdr.recordedValues()) {
      long value = hdr.medianEquivalentValue(v.getValueIteratedTo());
      out.merge(
          LogBuckets.standard().index(value), v.getCountAddedInThisIterationStep(), Long::sum);
    }
    return out;
  }
}
