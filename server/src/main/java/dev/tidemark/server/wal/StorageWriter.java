package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.os.CpuPriority;
import dev.tidemark.server.storage.SampleWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the write-ahead queue into the database: a {@link WalReader} reads and decodes, this
 * class's thread writes. It resumes after the queue index stored in the database, reads entries in
 * chunks of up to {@code maxRows} samples, and writes each chunk in one transaction together with
 * the chunk's last index: every acknowledged sample is stored exactly once, whatever moment the
 * process died at.
 *
 * <p>While the database is away it retries the same chunk with backoff and logs once per state
 * change. When the database refuses an entry for its content (not for being unreachable), the entry
 * is narrowed ({@link PoisonNarrowing}): the refused samples alone go to a dead-letter file, its
 * other samples are stored, so one bad sample neither stops the queue nor costs its neighbours.
 */
public final class StorageWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageWriter.class);

  /** How long the writer waits for the head's feed to pass a chunk before storing it. */
  private static final long FEED_WAIT_MS = 10_000;

  private final WriteAheadLog wal;
  private final SampleWriter writer;
  private final ServerMetrics metrics;
  private final Duration keep;
  private final DeadLetterFile deadLetters;
  private final Clock clock;
  private final Thread thread;
  private final WalReader reader;
  private volatile HeadFeed feed;
  private volatile int nice;
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
    this(wal, writer, metrics, maxRows, Duration.ZERO, keep, deadLetters, clock);
  }

  /**
   * With {@code linger}: a chunk that is not full waits that long after its first entry for more,
   * so a trickle of small requests is written in a few transactions rather than one each.
   */
  public StorageWriter(
      WriteAheadLog wal,
      SampleWriter writer,
      ServerMetrics metrics,
      int maxRows,
      Duration linger,
      Duration keep,
      Path deadLetters,
      Clock clock) {
    this.wal = wal;
    this.writer = writer;
    this.metrics = metrics;
    this.keep = keep;
    this.deadLetters = new DeadLetterFile(deadLetters);
    this.clock = clock;
    this.thread = new Thread(this::run, "tidemark-storage-writer");
    this.thread.setDaemon(true);
    this.reader = new WalReader(wal, metrics, maxRows, linger);
  }

  /**
   * Runs this writer's threads (the reader that decodes for it and the one that writes) at a lower
   * CPU priority ({@link CpuPriority}); call it before {@link #start}.
   */
  public void runAtNice(int nice) {
    this.nice = nice;
    reader.runAtNice(nice);
  }

  /**
   * Reads the stored position and measures the backlog behind it, then starts the thread. Call it
   * before ingest opens, so no append races the measurement.
   */
  public void start() throws SQLException {
    startPosition = writer.storedPosition();
    WalReader.Backlog backlog = reader.backlog(startPosition);
    // lag = backlog + appended - written; appends this process made already are in the backlog
    backlogBytesAtStart = backlog.bytes() - wal.appendedBytes();
    backlogEntriesAtStart = backlog.entries() - wal.appendedEntries();
    if (writer.headEnabled()) {
      feed = new HeadFeed(wal, writer);
      writer.feedHeadFromQueue();
      feed.start(startPosition);
    }
    reader.start(startPosition);
    thread.start();
  }

  /**
   * Before a chunk is stored its entries must be in the head, which must never lack what the
   * database holds; a feed that has not got there within {@link #FEED_WAIT_MS} (it decodes what the
   * writer decodes, without a database transaction in between, so it only trails when starved of
   * CPU or of the database) makes the head start over instead of the writer waiting longer.
   */
  private void awaitHead(Chunk chunk) {
    if (feed != null && !feed.awaitFed(chunk.lastIndex(), FEED_WAIT_MS)) {
      writer.headMissed("its feed from the write-ahead queue trails the storage writer");
    }
  }

  /** The writer half: one transaction per chunk, in queue order. */
  private void run() {
    long position = startPosition;
    started = true;
    setState("ok"); // before the renice below, which starts a process: readiness does not wait
    CpuPriority.lowerThisThread(nice);
    while (running) {
      Chunk chunk;
      try {
        chunk = reader.poll(100, TimeUnit.MILLISECONDS);
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
      if (feed != null && chunk.batches().stream().anyMatch(b -> b == Chunk.SKIPPED)) {
        // an entry the reader could not decode: the feed may have taken its samples as ingest
        // handed them over, and the database will not hold them
        writer.headMissed("a write-ahead entry could not be read; the head may hold its samples");
      }
      if (!writeOrRetry(chunk)) {
        return; // stopped while the database was away: the chunk stays in the queue
      }
      position = chunk.lastIndex();
      writtenBytes.addAndGet(chunk.bytes());
      writtenEntries.addAndGet(chunk.batches().size());
    }
  }

  /** A bug must not end the thread silently: it is logged and the chunk tried again. */
  private boolean writeOrRetry(Chunk chunk) {
    while (running) {
      try {
        return write(chunk);
      } catch (RuntimeException e) {
        LOG.error("storage writer failed; retrying the chunk in 5 s", e);
        setState("failed: " + e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
      }
    }
    return false;
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
        awaitHead(chunk);
        long started = System.nanoTime();
        count(writer.writeAll(chunk.batches(), chunk.lastIndex()));
        metrics.recordWrite(System.nanoTime() - started);
        setState("ok");
        return true;
      } catch (SQLException | RuntimeException e) {
        if (SqlErrors.isTransient(e)) {
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
        } else if (!chunk.batches().get(0).equals(Chunk.SKIPPED)) {
          chunk = narrow(chunk, e);
        } else {
          setState("cannot record the wal position: " + e.getMessage());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
          backoff = Math.min(5_000, backoff * 2);
        }
      }
    }
    return false;
  }

  /**
   * The chunk's one entry with what the database refuses moved to the dead-letter file; the rest is
   * written by the caller's next attempt. A failure that turns out to be transient (the database
   * went away while narrowing) leaves the chunk as it was, to be retried whole.
   */
  private Chunk narrow(Chunk chunk, Exception refusal) {
    Batch batch = chunk.batches().get(0);
    PoisonNarrowing.Split split;
    try {
      split = PoisonNarrowing.split(writer, batch);
    } catch (SQLException | RuntimeException e) {
      setState("cannot narrow a refused wal entry: " + e.getMessage());
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      return chunk; // tried again whole, and narrowed again if still refused
    }
    Batch refused = split.refused();
    writer.headMissed("the database refused samples of a wal entry the head holds");
    if (refused.size() == 0) {
      // every part passes alone: the refusal came from the whole (e.g. a size limit); keep it all
      deadLetter(chunk.lastIndex(), batch, refusal);
      return new Chunk(List.of(Chunk.SKIPPED), chunk.indexes(), 0, chunk.firstAppend());
    }
    Exception cause = split.firstRefusal() == null ? refusal : split.firstRefusal();
    deadLetter(chunk.lastIndex(), refused, cause);
    metrics.inc("tidemark_wal_dead_letter_items_total", "", refused.size());
    Batch accepted = split.accepted();
    return new Chunk(
        List.of(accepted.size() == 0 && accepted.agent() == null ? Chunk.SKIPPED : accepted),
        chunk.indexes(),
        0,
        chunk.firstAppend());
  }

  private void count(List<SampleWriter.Outcome> outcomes) {
    for (SampleWriter.Outcome o : outcomes) {
      metrics.inc(
          "tidemark_ingest_batches_total",
          "outcome=\"" + o.name().toLowerCase(Locale.ROOT) + "\"",
          1);
    }
  }

  private void deadLetter(long index, Batch batch, Exception e) {
    metrics.inc("tidemark_wal_dead_letters_total", "", 1);
    LOG.error(
        "cannot store wal entry {}: {}; moved to {}",
        Long.toHexString(index),
        e.getMessage(),
        deadLetters.file());
    deadLetters.add(index, batch, e);
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

  /** Bytes appended to the queue and not yet in the database. */
  public long lagBytes() {
    return Math.max(0, backlogBytesAtStart + wal.appendedBytes() - writtenBytes.get());
  }

  /** Entries appended to the queue and not yet in the database. */
  public long lagEntries() {
    return Math.max(0, backlogEntriesAtStart + wal.appendedEntries() - writtenEntries.get());
  }

  /** Entries appended to the queue and not yet in the head (zero when the head is off). */
  public long headLagEntries() {
    HeadFeed f = feed;
    return f == null
        ? 0
        : Math.max(0, backlogEntriesAtStart + wal.appendedEntries() - f.fedEntries());
  }

  /** Entries the head took as ingest appended them, without decoding them from the queue. */
  public long headHandedEntries() {
    HeadFeed f = feed;
    return f == null ? 0 : f.handedEntries();
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
    reader.close();
    if (feed != null) {
      feed.close();
    }
    LockSupport.unpark(thread);
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
