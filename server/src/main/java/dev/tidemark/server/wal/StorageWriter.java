package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.storage.SampleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the write-ahead queue into the database: one thread reads and decodes, one writes. It
 * resumes after the queue index stored in the database, reads entries in chunks of up to {@code
 * maxRows} samples, and writes each chunk in one transaction together with the chunk's last index:
 * every acknowledged sample is stored exactly once, whatever moment the process died at.
 *
 * <p>While the database is away it retries the same chunk with backoff and logs once per state
 * change. An entry the database refuses for its content (not for being unreachable) is written to a
 * dead-letter file and skipped, so one bad entry cannot stop the queue.
 */
public final class StorageWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);

  /** Stands in for an entry that is skipped: writing it stores nothing but the position. */
  private static final Batch EMPTY = new Batch(null, 0, List.of(), List.of());

  private final WriteAheadLog wal;
  private final SampleWriter writer;
  private final ServerMetrics metrics;
  private final int maxRows;
  private final Duration keep;
  private final Path deadLetters;
  private final Clock clock;
  private final Thread thread;
  private final Thread reader;
  private final ArrayBlockingQueue<Chunk> decoded = new ArrayBlockingQueue<>(2);
  private volatile boolean running = true;

  private final AtomicLong writtenBytes = new AtomicLong();
  private final AtomicLong writtenEntries = new AtomicLong();
  private long startPosition;
  private volatile long backlogBytesAtStart;
  private volatile long backlogEntriesAtStart;
  private volatile long oldestPendingMillis; // 0 when caught up
  private volatile boolean started;
  private volatile String state = "starting";
  private long lastCleanup;

  public StorageWriter(
      WriteAheadLog wal,
      SampleWriter writer,
      ServerMetrics metrics,
      int maxRows,
      Duration keep,
      Path deadLetters,
      Clock clock) {
    this.wal = wal;
    this.writer = writer;
    this.metrics = metrics;
    this.maxRows = maxRows;
    this.keep = keep;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.thread = new Thread(this::run, "tidemark-storage-writer");
    this.thread.setDaemon(true);
    this.reader = new Thread(this::readLoop, "tidemark-wal-reader");
    this.reader.setDaemon(true);
    wal.onAppend(index -> LockSupport.unpark(reader));
  }

  /**
   * Reads the stored position and measures the backlog behind it, then starts the thread. Call it
   * before ingest opens, so no append races the measurement.
   */
  public void start() throws SQLException {
    startPosition = writer.storedPosition();
    measureBacklog(startPosition);
    reader.start();
    thread.start();
  }

  /** A chunk of consecutive entries and the index of its last one. */
  private record Chunk(List<Batch> batches, List<Long> indexes, long bytes, long firstAppend) {}

  /**
   * The reader half: reads and decodes chunks while the writer half has the database busy with the
   * chunk before (on two cores the decoding and the COPY overlap). At most two decoded chunks wait
   * between them.
   */
  private void readLoop() {
    long position = startPosition;
    long backoff = 100;
    while (running) {
      try (ExcerptTailer tailer = wal.createTailer()) {
        seek(tailer, position);
        while (running) {
          Chunk chunk = read(tailer);
          if (chunk.batches().isEmpty()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // an append wakes it
            continue;
          }
          while (running && !decoded.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            // the writer is behind: wait for room
          }
          position = last(chunk.indexes());
          backoff = 100;
        }
      } catch (RuntimeException e) {
        // never let the thread die: read again after the last chunk handed over
        setState("cannot read the wal: " + e);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
        backoff = Math.min(5_000, backoff * 2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The writer half: one transaction per chunk, in queue order. */
  private void run() {
    long position = startPosition;
    started = true;
    setState("ok");
    while (running) {
      Chunk chunk;
      try {
        chunk = decoded.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (chunk == null) {
        if (lagEntries() == 0) {
          oldestPendingMillis = 0;
          cleanup(position);
        }
        continue;
      }
      oldestPendingMillis = chunk.firstAppend();
      if (!write(chunk)) {
        return; // stopped while the database was away: the chunk stays in the queue
      }
      position = last(chunk.indexes());
      writtenBytes.addAndGet(chunk.bytes());
      writtenEntries.addAndGet(chunk.batches().size());
    }
  }

  private void seek(ExcerptTailer tailer, long position) {
    if (position < 0) {
      tailer.toStart();
      return;
    }
    if (tailer.moveToIndex(position)) {
      try (DocumentContext dc = tailer.readingDocument()) {
        // positioned on the last stored entry: consume it so reading starts after it
        dc.isPresent();
      }
    } else {
      LOG.warn(
          "cannot find wal position {} in the queue; reading from its start (batches already"
              + " stored are skipped by their ids)",
          Long.toHexString(position));
      tailer.toStart();
    }
  }

  private void measureBacklog(long position) {
    ExcerptTailer scan = wal.createTailer();
    seek(scan, position);
    long bytes = 0;
    long entries = 0;
    while (true) {
      try (DocumentContext dc = scan.readingDocument()) {
        if (!dc.isPresent()) {
          break;
        }
        bytes += dc.wire().bytes().readRemaining();
        entries++;
      }
    }
    scan.close();
    // lag = backlog + appended - written; appends this process made already are in the scan
    backlogBytesAtStart = bytes - wal.appendedBytes();
    backlogEntriesAtStart = entries - wal.appendedEntries();
    if (entries > 0) {
      LOG.info("wal backlog to write [entries={}, bytes={}]", entries, bytes);
    }
  }

  private Chunk read(ExcerptTailer tailer) {
    List<Batch> batches = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    long bytes = 0;
    long firstAppend = 0;
    int rows = 0;
    while (rows < maxRows && running) {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          break;
        }
        Bytes<?> in = dc.wire().bytes();
        long size = in.readRemaining();
        long index = dc.index();
        try {
          WalCodec.Entry entry = WalCodec.read(in);
          batches.add(entry.batch());
          rows += entry.batch().size();
          if (firstAppend == 0) {
            firstAppend = entry.appendMillis();
          }
        } catch (RuntimeException e) {
          metrics.inc("tidemark_wal_corrupt_entries_total", "", 1);
          LOG.error("cannot read wal entry {}: {}; skipped", Long.toHexString(index), e.toString());
          batches.add(EMPTY); // keeps the index in step
        }
        indexes.add(index);
        bytes += size;
      }
    }
    return new Chunk(batches, indexes, bytes, firstAppend);
  }

  /**
   * Writes a chunk, retrying while the database is unreachable; false if stopped meanwhile. When
   * the database refuses the chunk's content, its entries are written one by one and the one it
   * refuses alone goes to the dead-letter file.
   */
  private boolean write(Chunk chunk) {
    long backoff = 100;
    while (running) {
      try {
        long started = System.nanoTime();
        count(writer.writeAll(chunk.batches(), last(chunk.indexes())));
        metrics.recordWrite(System.nanoTime() - started);
        setState("ok");
        return true;
      } catch (SQLException | RuntimeException e) {
        if (transient_(e)) {
          setState("cannot write to the database: " + e.getMessage());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
          backoff = Math.min(5_000, backoff * 2);
        } else if (chunk.batches().size() > 1) {
          for (int i = 0; i < chunk.batches().size(); i++) {
            Chunk one =
                new Chunk(
                    List.of(chunk.batches().get(i)),
                    List.of(chunk.indexes().get(i)),
                    0,
                    chunk.firstAppend());
            if (!write(one)) {
              return false;
            }
          }
          return true;
        } else if (!chunk.batches().get(0).equals(EMPTY)) {
          deadLetter(last(chunk.indexes()), chunk.batches().get(0), e);
          chunk = new Chunk(List.of(EMPTY), chunk.indexes(), 0, chunk.firstAppend());
        } else {
          setState("cannot record the wal position: " + e.getMessage());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
          backoff = Math.min(5_000, backoff * 2);
        }
      }
    }
    return false;
  }

  private void count(List<SampleWriter.Outcome> outcomes) {
    for (SampleWriter.Outcome o : outcomes) {
      metrics.inc(
          "tidemark_ingest_batches_total",
          "outcome=\"" + o.name().toLowerCase(Locale.ROOT) + "\"",
          1);
    }
  }

  /** Connection trouble is worth retrying; a refusal of the data itself is not. */
  static boolean transient_(Exception e) {
    if (e instanceof SQLTransientException) {
      return true;
    }
    if (e instanceof SQLException sql) {
      String code = sql.getSQLState();
      return code == null
          || code.startsWith("08") // connection exception
          || code.startsWith("53") // insufficient resources
          || code.startsWith("57") // operator intervention, e.g. shutdown
          || code.startsWith("40"); // serialization failure, deadlock
    }
    return false;
  }

  private void deadLetter(long index, Batch batch, Exception e) {
    metrics.inc("tidemark_wal_dead_letters_total", "", 1);
    LOG.error(
        "cannot store wal entry {}: {}; moved to {}",
        Long.toHexString(index),
        e.getMessage(),
        deadLetters);
    String line =
        "{\"index\":"
            + index
            + ",\"error\":"
            + io.vertx.core.json.Json.encode(String.valueOf(e.getMessage()))
            + ",\"batch\":"
            + new String(BatchCodec.encode(batch), StandardCharsets.UTF_8)
            + "}\n";
    try {
      Files.writeString(deadLetters, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException io) {
      LOG.error("cannot write dead letter to {}: {}", deadLetters, io.toString());
    }
  }

  private void cleanup(long position) {
    long now = clock.millis();
    if (now - lastCleanup > 10_000) {
      lastCleanup = now;
      int deleted = wal.deleteWritten(position, keep);
      if (deleted > 0) {
        LOG.info("wal files deleted [count={}]", deleted);
      }
    }
  }

  /** Logs once per change of state, never once per attempt. */
  private void setState(String next) {
    if (!next.equals(state)) {
      if (next.equals("ok")) {
        LOG.info("storage writer {}", state.equals("starting") ? "started" : "recovered");
      } else {
        LOG.warn("storage writer stalled: {}; retrying with backoff", next);
      }
      state = next;
    }
  }

  private static long last(List<Long> indexes) {
    return indexes.get(indexes.size() - 1);
  }

  /** Bytes appended to the queue and not yet in the database. */
  public long lagBytes() {
    return Math.max(0, backlogBytesAtStart + wal.appendedBytes() - writtenBytes.get());
  }

  /** Entries appended to the queue and not yet in the database. */
  public long lagEntries() {
    return Math.max(0, backlogEntriesAtStart + wal.appendedEntries() - writtenEntries.get());
  }

  /** Age of the oldest entry not yet in the database; zero when caught up. */
  public Duration lagAge() {
    long oldest = oldestPendingMillis;
    return oldest == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
  }

  public boolean healthy() {
    return state.equals("ok");
  }

  public String state() {
    return state;
  }

  /** Waits until everything appended so far is in the database; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (started && lagEntries() == 0) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  /** Stops after the chunk in hand; what is still queued is written at the next start. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    LockSupport.unpark(reader);
    try {
      reader.join(30_000);
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
