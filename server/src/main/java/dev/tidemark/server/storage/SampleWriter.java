package dev.tidemark.server.storage;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.tier.TierStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Writes a batch: series ids first (outside the transaction, so a created series is never rolled
 * back under a concurrent writer), then one transaction that records the batch id and COPYs the
 * rows. A batch whose {@code (agent, batch)} is already recorded is not written again; a batch
 * without an agent (protocols that have no batch id) is always written.
 */
public final class SampleWriter {
  public enum Outcome {
    STORED,
    DUPLICATE
  }

  private static final long DAY_MS = 86_400_000L;

  private final Database database;
  private final SeriesRegistry registry;
  private final TierStore tiers;

  public SampleWriter(Database database, SeriesRegistry registry, TierStore tiers) {
    this.database = database;
    this.registry = registry;
    this.tiers = tiers;
  }

  public Outcome write(Batch batch) throws SQLException {
    List<SeriesKey> keys = new ArrayList<>(batch.size());
    Map<SeriesKey, String> units = new HashMap<>();
    TreeSet<Long> days = new TreeSet<>();
    for (Sample s : batch.samples()) {
      keys.add(new SeriesKey(s.metric(), s.labels()));
      days.add(Math.floorDiv(s.timestamp(), DAY_MS));
    }
    for (HistogramSample h : batch.histograms()) {
      SeriesKey key = new SeriesKey(h.metric(), h.labels());
      keys.add(key);
      units.put(key, h.unit());
      days.add(Math.floorDiv(h.timestamp(), DAY_MS));
    }
    long[] ids = database.withConnection(c -> registry.resolve(c, keys, units));
    if (!days.isEmpty()) {
      database.withConnection(
          c -> {
            tiers.ensurePartitions(c, days);
            return null;
          });
    }
    return database.inTransaction(
        c -> {
          if (!recordBatch(c, batch)) {
            return Outcome.DUPLICATE;
          }
          copySamples(c, batch.samples(), ids);
          copyHistograms(c, batch.histograms(), ids, batch.samples().size());
          return Outcome.STORED;
        });
  }

  private static boolean recordBatch(Connection c, Batch batch) throws SQLException {
    if (batch.agent() == null) {
      return true; // protocols without batch ids (remote_write, line protocol) are not deduplicated
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ingest_batches (agent, batch, items) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      ps.setString(1, batch.agent());
      ps.setLong(2, batch.batch());
      ps.setInt(3, batch.size());
      return ps.executeUpdate() == 1;
    }
  }

  private static void copySamples(Connection c, List<Sample> samples, long[] ids)
      throws SQLException {
    BinaryCopy copy = new BinaryCopy(samples.size(), 38);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      copy.row(3).int8(ids[i]).timestampMillis(s.timestamp()).float8(s.value());
    }
    copy.copy(c, "COPY samples (series_id, ts, value) FROM STDIN (FORMAT binary)");
  }

  private static void copyHistograms(
      Connection c, List<HistogramSample> histograms, long[] ids, int offset) throws SQLException {
    BinaryCopy totals = new BinaryCopy(histograms.size(), 62);
    BinaryCopy buckets = new BinaryCopy(histograms.size() * 64, 34);
    for (int i = 0; i < histograms.size(); i++) {
      HistogramSample h = histograms.get(i);
      long id = ids[offset + i];
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
    totals.copy(
        c,
        "COPY histograms (series_id, ts, count, sum_value, min_value, max_value)"
            + " FROM STDIN (FORMAT binary)");
    buckets.copy(
        c, "COPY histogram_buckets (series_id, ts, idx, count) FROM STDIN (FORMAT binary)");
  }

  /** An HdrHistogram's counts moved into log buckets, each value at its HDR bucket's middle. */
  static TreeMap<Integer, Long> toBuckets(AbstractHistogram hdr) {
    TreeMap<Integer, Long> out = new TreeMap<>();
    for (HistogramIterationValue v : hdr.recordedValues()) {
      long value = hdr.medianEquivalentValue(v.getValueIteratedTo());
      out.merge(LogBuckets.index(value), v.getCountAddedInThisIterationStep(), Long::sum);
    }
    return out;
  }
}
