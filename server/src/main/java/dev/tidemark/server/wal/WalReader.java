package dev.tidemark.server.wal;

import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.os.CpuPriority;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading half of the storage writer: a thread that tails the write-ahead queue from a
 * position, decodes entries into chunks of up to {@code maxRows} samples and hands them over
 * through a queue of two, so decoding overlaps the writer's database work. An entry that cannot be
 * decoded is counted and replaced by an empty batch, which keeps the positions in step.
 *
 * <p>A chunk that is not full is handed over {@code linger} after its first entry was read: under a
 * steady trickle of small requests, one transaction per request cost the writer and PostgreSQL more
 * CPU than the requests themselves, CPU the ingest path then had to wait for.
 */
final class WalReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalReader.class);

  /** Entries and bytes in the queue behind a position. */
  record Backlog(long entries, long bytes) {}

  private final WriteAheadLog wal;
  private final ServerMetrics metrics;
  private final int maxRows;
  private final long lingerMillis;
  private final SeriesInterner series = new SeriesInterner();
  private final ArrayBlockingQueue<Chunk> decoded = new ArrayBlockingQueue<>(2);
  private final Thread thread;
  private volatile boolean running = true;
  private long from;
  private volatile int nice;
  private String lastError = "";

  WalReader(WriteAheadLog wal, ServerMetrics metrics, int maxRows, Duration linger) {
    this.wal = wal;
    this.metrics = metrics;
    this.maxRows = maxRows;
    this.lingerMillis = linger.toMillis();
    this.thread = new Thread(this::readLoop, "tidemark-wal-reader");
    this.thread.setDaemon(true);
    wal.onAppend(index -> LockSupport.unpark(thread));
  }

  /** The CPU priority its thread runs at (see {@link CpuPriority}); before {@link #start}. */
  void runAtNice(int nice) {
    this.nice = nice;
  }

  /** Starts reading after {@code position} (the last index stored, or -1 for the start). */
  void start(long position) {
    this.from = position;
    thread.start();
  }

  /** The next decoded chunk, or null after the timeout. */
  Chunk poll(long timeout, TimeUnit unit) throws InterruptedException {
    return decoded.poll(timeout, unit);
  }

  /**
   * The reader half: reads and decodes chunks while the writer half has the database busy with the
   * chunk before (on two cores the decoding and the COPY overlap). At most two decoded chunks wait
   * between them.
   */
  private void readLoop() {
    CpuPriority.lowerThisThread(nice);
    long position = from;
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
          position = chunk.lastIndex();
          backoff = 100;
        }
      } catch (RuntimeException e) {
        // never let the thread die: read again after the last chunk handed over
        if (!e.toString().equals(lastError)) { // once per kind of trouble, not per attempt
          LOG.warn(
              "cannot read the wal: {}; reading again after the last chunk handed over",
              e.toString());
          lastError = e.toString();
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
        backoff = Math.min(5_000, backoff * 2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Places {@code tailer} after {@code position} (-1: at the start of the queue). */
  static void seek(ExcerptTailer tailer, long position) {
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

  /** What lies in the queue after {@code position}; call before {@link #start}. */
  Backlog backlog(long position) {
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
    if (entries > 0) {
      LOG.info("wal backlog to write [entries={}, bytes={}]", entries, bytes);
    }
    return new Backlog(entries, bytes);
  }

  private Chunk read(ExcerptTailer tailer) {
    Chunk.Builder chunk = new Chunk.Builder();
    long deadline = 0;
    while (chunk.rows() < maxRows && running) {
      if (readOne(tailer, chunk)) {
        if (deadline == 0) {
          deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        }
        continue;
      }
      long wait = chunk.isEmpty() ? 0 : deadline - System.nanoTime();
      if (wait <= 0) {
        break;
      }
      LockSupport.parkNanos(wait); // an append wakes it
    }
    return chunk.build();
  }

  /** Reads the next entry into the chunk; false when there is none yet. */
  private boolean readOne(ExcerptTailer tailer, Chunk.Builder chunk) {
    try (DocumentContext dc = tailer.readingDocument()) {
      if (!dc.isPresent()) {
        return false;
      }
      Bytes<?> in = dc.wire().bytes();
      long size = in.readRemaining();
      long index = dc.index();
      try {
        WalCodec.Entry entry = WalCodec.read(in, series);
        chunk.add(entry.batch(), index, size, entry.appendMillis());
      } catch (RuntimeException e) {
        metrics.inc("tidemark_wal_corrupt_entries_total", "", 1);
        LOG.error("cannot read wal entry {}: {}; skipped", Long.toHexString(index), e.toString());
        chunk.add(Chunk.SKIPPED, index, size, 0); // keeps the index in step
      }
      return true;
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
