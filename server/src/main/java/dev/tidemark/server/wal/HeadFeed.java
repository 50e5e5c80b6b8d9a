package dev.tidemark.server.wal;

import dev.tidemark.protocol.Sample;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.SeriesRef;
import dev.tidemark.server.storage.SampleWriter;
import dev.tidemark.server.storage.SeriesKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the write-ahead queue ahead of the storage writer and hands each entry's samples to the
 * in-memory head as soon as it is appended, so an acknowledged sample answers queries without
 * waiting for its database transaction. Entries are handed over in queue order, the order the
 * writer stores them in, so the head keeps the same first value per series and time as the
 * database. The writer waits for this feed before it stores an entry ({@link #awaitFed}): the head
 * never lacks what the database holds.
 *
 * <p>Samples ingest appended in columns (remote_write, line protocol) are taken as ingest left them
 * ({@link Handoff}): their series are resolved already, so a sample costs an append to its series
 * in the head. Other entries, and those the hand-over dropped or that were appended before this
 * start, are read without building batches: each series decoded once is kept with its database id,
 * so a sample costs a lookup of its label bytes and that append. An entry whose new series cannot
 * be created yet (the database is away) is read again with backoff, never skipped; an entry that
 * cannot be decoded is skipped, as the writer skips it.
 */
final class HeadFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeadFeed.class);

  private final WriteAheadLog wal;
  private final SampleWriter target;
  private final SeriesInterner series = new SeriesInterner();
  private final Handoff handoff = new Handoff();
  private final Entry entry = new Entry();

  /**
   * The entry in hand, copied out of the queue's mapped file in one go: read on the heap, series
   * are found by their bytes in place and each field costs no mapped-file bookkeeping.
   */
  private final Bytes<byte[]> copy = Bytes.allocateElasticOnHeap(64 * 1024);

  private final Thread thread;
  private volatile boolean running = true;
  private volatile long fed;
  private volatile long fedEntries;
  private volatile long handedEntries;
  private String lastError = "";

  HeadFeed(WriteAheadLog wal, SampleWriter target) {
    this.wal = wal;
    this.target = target;
    this.copy.singleThreadedCheckDisabled(true); // read by the feed's thread alone
    this.thread = new Thread(this::run, "tidemark-head-feed");
    this.thread.setDaemon(true);
    wal.onAppend(index -> LockSupport.unpark(thread));
    wal.handOffTo(handoff);
  }

  /** Starts feeding after {@code position} (the last index stored, or -1 for the start). */
  void start(long position) {
    fed = position;
    thread.start();
  }

  /**
   * Waits until the entry at {@code index} and every one before it are in the head, at most {@code
   * timeoutMillis}; false when the feed is not there by then (at once if its thread has ended).
   */
  boolean awaitFed(long index, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (fed < index) {
      if (!running || !thread.isAlive() || System.nanoTime() >= deadline) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    return true;
  }

  /** Entries fed since the start. */
  long fedEntries() {
    return fedEntries;
  }

  /** Of those, the entries taken from the hand-over rather than decoded from the queue. */
  long handedEntries() {
    return handedEntries;
  }

  private void run() {
    long backoff = 100;
    while (running) {
      try (ExcerptTailer tailer = wal.createTailer()) {
        WalReader.seek(tailer, fed);
        while (running) {
          if (!feedOne(tailer)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // an append wakes it
          }
          backoff = 100;
        }
      } catch (RuntimeException | SQLException e) {
        if (!e.toString().equals(lastError)) {
          LOG.warn("cannot feed the head: {}; trying again after the last entry fed", e.toString());
          lastError = e.toString();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  /** Feeds the next entry; false when there is none yet. */
  private boolean feedOne(ExcerptTailer tailer) throws SQLException {
    long index;
    SampleColumns handed;
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return false;
      }
      index = dc.index();
      handed = handoff.take(index);
      if (handed == null) {
        Bytes<?> in = dc.wire().bytes();
        copy.clear();
        copy.write(in, in.readPosition(), in.readRemaining());
      }
    }
    entry.clear();
    boolean read = true;
    if (handed != null) {
      for (int i = 0; i < handed.size(); i++) {
        entry.sample(
            handed.series(i), handed.timestamp(i), Double.longBitsToDouble(handed.valueBits(i)));
      }
    } else {
      try {
        WalCodec.readSamples(copy, series, entry::sample);
      } catch (RuntimeException e) {
        read = false; // the writer counts and skips it too
      }
    }
    if (read) {
      entry.resolve(target, handoff);
      target.toHead(entry.ids, entry.times, entry.values, entry.size);
    }
    fed = index; // a failure above rereads this entry
    fedEntries++; // this thread alone writes these
    if (handed != null) {
      handedEntries++;
    }
    return true;
  }

  /** One entry's samples in columns, stale markers left out (they stay SQL-only). */
  private static final class Entry {
    /** New series asked for in one call, at most, counting those of the entries behind. */
    static final int MAX_ASKED = 20_000;

    SeriesRef[] series = new SeriesRef[1024];
    long[] ids = new long[1024];
    long[] times = new long[1024];
    double[] values = new double[1024];
    int size;

    void clear() {
      size = 0;
    }

    void sample(SeriesRef s, long time, double value) {
      if (Double.doubleToRawLongBits(value) == Sample.STALE_NAN_BITS) {
        return;
      }
      if (size == times.length) {
        series = Arrays.copyOf(series, size * 2);
        ids = Arrays.copyOf(ids, size * 2);
        times = Arrays.copyOf(times, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      series[size] = s;
      times[size] = time;
      values[size] = value;
      size++;
    }

    /**
     * Fills in the ids, looking up (or creating) the series this feed has not resolved yet. When
     * some are new, those of the entries handed over behind this one are asked for in the same
     * call: a burst of new series costs the database one statement per {@value #MAX_ASKED} series
     * rather than one per request, and the feed, waiting on it, falls less far behind ingest.
     */
    void resolve(SampleWriter target, Handoff ahead) throws SQLException {
      List<SeriesKey> missing = new ArrayList<>();
      List<SeriesRef> which = new ArrayList<>();
      Consumer<SeriesRef> ask =
          s -> {
            if (s.id() == 0) {
              s.id(-1); // asked for once
              missing.add(new SeriesKey(s.metric(), s.labels()));
              which.add(s);
            }
          };
      for (int i = 0; i < size; i++) {
        ask.accept(series[i]);
      }
      if (!missing.isEmpty()) {
        ahead.forEachHeld(
            columns -> {
              for (int i = 0; i < columns.size() && which.size() < MAX_ASKED; i++) {
                ask.accept(columns.series(i));
              }
            });
        long[] found;
        try {
          found = target.seriesIds(missing);
        } catch (SQLException | RuntimeException e) {
          which.forEach(s -> s.id(0));
          throw e;
        }
        for (int i = 0; i < found.length; i++) {
          which.get(i).id(found[i]);
        }
      }
      for (int i = 0; i < size; i++) {
        ids[i] = series[i].id();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
