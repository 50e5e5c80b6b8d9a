package dev.tidemark.server.storage;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.os.CpuPriority;
import dev.tidemark.server.storage.head.Head;
import dev.tidemark.server.storage.tier.TierStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.postgresql.PGConnection;

/**
 * Writes batches in bulk: series ids first (outside the transaction, so a created series is never
 * rolled back under a concurrent writer), then one transaction that records the batch ids, COPYs
 * the rows of the batches not stored before, and, when the batches come from the write-ahead queue,
 * records the queue index they end at. Rows and position commit together: after a crash the queue
 * is replayed from exactly where the database stands.
 */
public final class SampleWriter {
  public enum Outcome {
    STORED,
    DUPLICATE
  }

  private static final long DAY_MS = 86_400_000L;

  private static final long HOUR_MS = 3_600_000L;

  private final Database database;
  private final SeriesRegistry registry;
  private final TierStore tiers;
  private final Supplier<Optional<Duration>> lateAfter;
  private final Clock clock;
  private final Supplier<Head> head;
  private final SeriesSeen seen = new SeriesSeen();

  /**
   * The COPY buffer of the last write, for the next to reuse: a chunk's (~38 bytes a sample, ~2 MB
   * at the default chunk) is a humongous object to G1, allocated in regions of its own each time.
   */
  private final AtomicReference<byte[]> spareCopy = new AtomicReference<>();

  private volatile String serverId = "default";
  private volatile boolean headFedByQueue;
  private volatile int sessionNice;

  public SampleWriter(
      Database database,
      SeriesRegistry registry,
      TierStore tiers,
      Supplier<Optional<Duration>> lateAfter,
      Clock clock,
      Supplier<Head> head) {
    this.database = database;
    this.head = head;
    this.registry = registry;
    this.tiers = tiers;
    this.lateAfter = lateAfter;
    this.clock = clock;
  }

  /**
   * Names the server whose write-ahead position this writer reads and records (servers sharing a
   * database each keep their own); {@code default} until set. Call it before the first write.
   */
  public void identify(String serverId) {
    this.serverId = serverId;
    head.get().identify(serverId);
  }

  /**
   * Runs the database sessions this writer stores through at a lower CPU priority ({@link
   * CpuPriority}): only for a database on this machine, such as the embedded one.
   */
  public void lowerSessions(int nice) {
    this.sessionNice = nice;
  }

  /** Whether the head of recent samples is on. */
  public boolean headEnabled() {
    return head.get().enabled();
  }

  /**
   * From now on the head takes what comes through the write-ahead queue from its feed ({@link
   * #toHead}), ahead of this writer; writes with a queue index no longer hand it their samples.
   * Writes without one (straight into storage) still do.
   */
  public void feedHeadFromQueue() {
    headFedByQueue = true;
  }

  /** Ids of the given series, creating those the database does not know yet. */
  public long[] seriesIds(List<SeriesKey> keys) throws SQLException {
    long[] ids = registry.cached(keys);
    return ids != null ? ids : database.withConnection(c -> registry.resolve(c, keys, Map.of()));
  }

  /**
   * Adds samples of write-ahead entries, in queue order, to the head before they are stored: {@code
   * ids[i]}, {@code times[i]}, {@code values[i]} for {@code i < n}.
   */
  public void toHead(long[] ids, long[] times, double[] values, int n) {
    head.get().add(ids, times, values, n);
  }

  /** The head cannot tell what the database holds any more (say why): it starts over. */
  public void headMissed(String why) {
    head.get().startOver(why);
  }

  public Outcome write(Batch batch) throws SQLException {
    return writeAll(List.of(batch), -1).get(0);
  }

  /**
   * Writes batches in one transaction; with {@code queueIndex >= 0} also records it as the
   * write-ahead position. A batch whose {@code (agent, batch)} is already stored — or appears
   * earlier in the same list — is skipped; a batch without an agent is always written.
   */
  public List<Outcome> writeAll(List<Batch> batches, long queueIndex) throws SQLException {
    return writeAll(batches, queueIndex, false);
  }

  /**
   * Writes {@code batch} as {@link #writeAll} would and rolls the transaction back: throws what the
   * database would refuse, stores nothing (series it had to create stay, as they would).
   */
  public void trial(Batch batch) throws SQLException {
    try {
      writeAll(List.of(batch), -1, true);
    } catch (TrialRollback expected) {
      // the trial passed
    }
  }

  /** Thrown at the end of a trial so the transaction rolls back; no stack trace to fill. */
  private static final class TrialRollback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrialRollback() {
      super("trial write rolled back", null, false, false);
    }
  }

  private List<Outcome> writeAll(List<Batch> batches, long queueIndex, boolean trial)
      throws SQLException {
    List<SeriesKey> keys = new ArrayList<>();
    Map<SeriesKey, String> units = new HashMap<>();
    TreeSet<Long> days = new TreeSet<>();
    long lastDay = Long.MIN_VALUE; // samples come mostly in one day: box and look up only a change
    for (Batch batch : batches) {
      for (Sample s : batch.samples()) {
        keys.add(new SeriesKey(s.metric(), s.labels()));
        long day = Math.floorDiv(s.timestamp(), DAY_MS);
        if (day != lastDay) {
          days.add(day);
          lastDay = day;
        }
      }
      for (HistogramSample h : batch.histograms()) {
        SeriesKey key = new SeriesKey(h.metric(), h.labels());
        keys.add(key);
        units.put(key, h.unit());
        days.add(Math.floorDiv(h.timestamp(), DAY_MS));
      }
    }
    long[] ids = database.withConnection(c -> registry.resolve(c, keys, units));
    if (!days.isEmpty()) {
      database.withConnection(
          c -> {
            tiers.ensurePartitions(c, days);
            return null;
          });
    }
    SeriesSeen.Pending spans = seen.pending();
    Head recent = head.get();
    boolean handOver = recent.enabled() && !(headFedByQueue && queueIndex >= 0);
    StoredSamples stored = new StoredSamples();
    boolean[] committing = {false};
    List<Outcome> written;
    try {
      written =
          database.inBackgroundTransaction(
              c -> {
                if (sessionNice > 0) {
                  CpuPriority.lowerProcess(
                      c.unwrap(PGConnection.class).getBackendPID(), sessionNice);
                }
                List<Outcome> outcomes = BatchIds.record(c, batches);
                List<Sample> samples = new ArrayList<>();
                List<Sample> stale = new ArrayList<>();
                List<Long> staleIds = new ArrayList<>();
                List<HistogramSample> histograms = new ArrayList<>();
                List<dev.tidemark.protocol.Span> spanRows = new ArrayList<>();
                long[] sampleIds = new long[keys.size()];
                long[] histogramIds = new long[keys.size()];
                int at = 0;
                for (int b = 0; b < batches.size(); b++) {
                  Batch batch = batches.get(b);
                  boolean store = outcomes.get(b) == Outcome.STORED;
                  for (Sample s : batch.samples()) {
                    if (store && s.isStaleMarker()) {
                      staleIds.add(ids[at]);
                      stale.add(s);
                    } else if (store) {
                      sampleIds[samples.size()] = ids[at];
                      samples.add(s);
                      spans.add(ids[at], s.timestamp());
                    }
                    at++;
                  }
                  if (store) {
                    spanRows.addAll(batch.spans());
                  }
                  for (HistogramSample h : batch.histograms()) {
                    if (store) {
                      histogramIds[histograms.size()] = ids[at];
                      histograms.add(h);
                      spans.add(ids[at], h.timestamp());
                    }
                    at++;
                  }
                }
                stored.samples = samples;
                stored.ids = sampleIds;
                stored.inserted = copySamples(c, samples, sampleIds, handOver);
                RawRows.copyHistograms(c, histograms, histogramIds);
                RawRows.insertStaleMarkers(c, stale, staleIds);
                dev.tidemark.server.storage.traces.SpanRows.copy(c, spanRows);
                noteLateHours(c, samples, histograms);
                spans.write(c);
                if (trial) {
                  throw new TrialRollback();
                }
                if (queueIndex >= 0) {
                  recordPosition(c, serverId, queueIndex);
                }
                committing[0] = true;
                return outcomes;
              });
    } catch (SQLException | RuntimeException e) {
      if (committing[0] && handOver) {
        recent.commitUnknown(); // the commit itself failed: stored or not, the head cannot tell
      }
      throw e;
    }
    spans.committed();
    if (!handOver) {
      return written;
    }
    if (stored.inserted == null) {
      recent.add(stored.ids, stored.samples);
    } else {
      recent.storedSome(stored.ids, stored.samples, stored.inserted);
    }
    return written;
  }

  /** Hours of samples too old for the refresh windows, noted with the rows they belong to. */
  private void noteLateHours(Connection c, List<Sample> samples, List<HistogramSample> histograms)
      throws SQLException {
    Optional<Duration> after = lateAfter.get();
    if (after.isEmpty()) {
      return;
    }
    long cutoff = clock.millis() - after.get().toMillis();
    TreeSet<Long> hours = new TreeSet<>();
    for (Sample s : samples) {
      if (s.timestamp() < cutoff) {
        hours.add(Math.floorDiv(s.timestamp(), HOUR_MS));
      }
    }
    for (HistogramSample h : histograms) {
      if (h.timestamp() < cutoff) {
        hours.add(Math.floorDiv(h.timestamp(), HOUR_MS));
      }
    }
    if (hours.isEmpty()) {
      return;
    }
    Timestamp[] starts =
        hours.stream().map(h -> new Timestamp(h * HOUR_MS)).toArray(Timestamp[]::new);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO late_hours (hour) SELECT unnest(?::timestamptz[])"
                + " ON CONFLICT (hour) DO UPDATE SET noted_at = clock_timestamp()")) {
      ps.setArray(1, c.createArrayOf("timestamptz", starts));
      ps.executeUpdate();
    }
  }

  private static void recordPosition(Connection c, String serverId, long queueIndex)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO wal_positions (server_id, queue_index) VALUES (?, ?)"
                + " ON CONFLICT (server_id) DO UPDATE SET queue_index = excluded.queue_index,"
                + " updated_at = now()")) {
      ps.setString(1, serverId);
      ps.setLong(2, queueIndex);
      ps.executeUpdate();
    }
  }

  /** The last write-ahead index of this server stored in the database, or -1 before the first. */
  public long storedPosition() throws SQLException {
    String id = serverId;
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT queue_index FROM wal_positions WHERE server_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getLong(1) : -1L;
            }
          }
        });
  }

  /**
   * COPYs the samples; null when every one was stored, else (when keys were there already and the
   * head is on) the ones that were, with the value stored.
   */
  private Map<Head.Key, Double> copySamples(
      Connection c, List<Sample> samples, long[] ids, boolean head) throws SQLException {
    BinaryCopy copy = new BinaryCopy(spareCopy.getAndSet(null), samples.size(), 38);
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      copy.row(3).int8(ids[i]).timestampMillis(s.timestamp()).float8(s.value());
    }
    try {
      if (!head) {
        CopyOnce.copy(c, copy, "samples", "series_id, ts, value");
        return null;
      }
      Map<Head.Key, Double> inserted = new HashMap<>();
      boolean repeated =
          CopyOnce.copy(
              c,
              copy,
              "samples",
              "series_id, ts, value",
              "series_id, ts, value",
              rs ->
                  inserted.put(
                      new Head.Key(rs.getLong(1), rs.getTimestamp(2).getTime()), rs.getDouble(3)));
      return repeated ? inserted : null;
    } finally {
      spareCopy.set(copy.buffer());
    }
  }

  /** What a transaction stored into {@code samples}, handed to the head after it commits. */
  private static final class StoredSamples {
    List<Sample> samples = List.of();
    long[] ids = new long[0];
    Map<Head.Key, Double> inserted;
  }
}
