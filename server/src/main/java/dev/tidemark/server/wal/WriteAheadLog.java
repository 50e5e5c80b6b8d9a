package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.ingest.SampleColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's write-ahead queue: a Chronicle Queue under the data directory. Every accepted
 * request is appended here before it is acknowledged; the storage writer tails it. An append is a
 * write into a memory-mapped file, so it survives the process being killed the moment after. Files
 * roll every five minutes; a file is deleted once the database holds all of it and it is older than
 * the keep period.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
  static final RollCycle ROLL_CYCLE = RollCycles.FIVE_MINUTELY;

  /**
   * Chronicle maps a queue file in windows of this size plus a quarter, one per position in use
   * (each thread's appender, the storage writer, the head feed): the written pages of a mapped
   * window count in the server's resident set. At Chronicle's default of 64 MB the mapped queue was
   * 138-306 MB of it at the peer benchmark's load; at 16 MB it is a fraction of that.
   */
  static final long BLOCK_SIZE = 16L << 20;

  /**
   * An entry is at most this large (bar a single item larger still): a request that would encode to
   * more is appended in halves ({@link EntryParts}), so no entry comes near the block size.
   */
  static final long MAX_ENTRY_BYTES = 4L << 20;

  private static final DateTimeFormatter CYCLE_NAMES =
      DateTimeFormatter.ofPattern(ROLL_CYCLE.format());

  /** A scratch buffer that grew past this for a large batch is dropped after it, not kept. */
  private static final int SCRATCH_BYTES = 64 << 10;

  /** Each thread encodes its entry here before taking the lock; the lock only covers the copy. */
  private static final ThreadLocal<Bytes<byte[]>> SCRATCH =
      ThreadLocal.withInitial(() -> Bytes.allocateElasticOnHeap(SCRATCH_BYTES));

  private final Path dir;
  private final SingleChronicleQueue queue;

  /** Chronicle appenders belong to one thread each; {@link #appendLock} orders them. */
  private final ThreadLocal<ExcerptAppender> appenders;

  /**
   * Taken around each append, so Chronicle's own write lock is never contended: that lock spins and
   * yields while it waits, and with many ingest threads on few cores the spinning took a fifth of
   * the server's CPU in a profile and starved the thread holding it. Waiters here park instead.
   */
  private final ReentrantLock appendLock = new ReentrantLock();

  private final Queue<ExcerptAppender> allAppenders = new ConcurrentLinkedQueue<>();
  private final Clock clock;
  private final AtomicLong appendedBytes = new AtomicLong();
  private final AtomicLong appendedEntries = new AtomicLong();
  private final List<LongConsumer> onAppend = new CopyOnWriteArrayList<>();
  private volatile Handoff handoff;

  private WriteAheadLog(Path dir, SingleChronicleQueue queue, Clock clock) {
    this.dir = dir;
    this.queue = queue;
    this.appenders =
        ThreadLocal.withInitial(
            () -> {
              ExcerptAppender a = queue.createAppender();
              allAppenders.add(a);
              return a;
            });
    this.clock = clock;
  }

  public static WriteAheadLog open(Path dir, Clock clock) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create wal directory " + dir, e);
    }
    SingleChronicleQueue queue =
        SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(ROLL_CYCLE)
            .blockSize(BLOCK_SIZE)
            .timeProvider(clock::millis)
            .build();
    LOG.info("wal opened [dir={}, lastIndex={}]", dir, Long.toHexString(queue.lastIndex()));
    return new WriteAheadLog(dir, queue, clock);
  }

  /**
   * Appends a batch; returns its queue index once it is in the mapped file (the last one's, when it
   * is larger than an entry and goes in parts).
   */
  public long append(Batch batch) {
    Bytes<byte[]> entry = SCRATCH.get();
    entry.clear();
    WalCodec.write(entry, batch, clock.millis());
    long bytes = entry.readRemaining();
    if (bytes > MAX_ENTRY_BYTES && batch.size() > 1) {
      SCRATCH.remove();
      long index = -1;
      for (Batch half : EntryParts.halves(batch)) {
        index = append(half);
      }
      return index;
    }
    long index;
    appendLock.lock();
    try (DocumentContext dc = appenders.get().writingDocument()) {
      dc.wire().bytes().write(entry, entry.readPosition(), bytes);
      index = dc.index();
    } finally {
      appendLock.unlock();
    }
    if (entry.realCapacity() > SCRATCH_BYTES) {
      SCRATCH.remove();
    }
    return appended(index, bytes);
  }

  /**
   * Appends samples in columns; returns the queue index (the last one's, when they are larger than
   * an entry and go in parts). Their section is encoded before the lock and copied into the mapped
   * file once, under it.
   */
  public long append(SampleColumns samples) {
    SampleSection section = SampleSection.of(samples, MAX_ENTRY_BYTES);
    if (section == null) {
      long index = -1;
      for (SampleColumns half : EntryParts.halves(samples)) {
        index = append(half);
      }
      return index;
    }
    long index;
    long bytes;
    appendLock.lock();
    try {
      try (DocumentContext dc = appenders.get().writingDocument()) {
        Bytes<?> out = dc.wire().bytes();
        long start = out.writePosition();
        WalCodec.write(out, samples, section, clock.millis());
        bytes = out.writePosition() - start;
        index = dc.index();
      }
      Handoff h = handoff;
      if (h != null) {
        h.offer(index, samples); // under the lock: in index order
      }
    } finally {
      appendLock.unlock();
    }
    section.release();
    return appended(index, bytes);
  }

  private long appended(long index, long bytes) {
    appendedBytes.addAndGet(bytes);
    appendedEntries.incrementAndGet();
    for (LongConsumer listener : onAppend) {
      listener.accept(index);
    }
    return index;
  }

  /** Hands the columns of every append from now on to {@code to}, for the head feed. */
  void handOffTo(Handoff to) {
    handoff = to;
  }

  /** Called after each append, e.g. to wake the writer. */
  void onAppend(LongConsumer listener) {
    onAppend.add(listener);
  }

  ExcerptTailer createTailer() {
    return queue.createTailer();
  }

  long appendedBytes() {
    return appendedBytes.get();
  }

  public long appendedEntries() {
    return appendedEntries.get();
  }

  public Path directory() {
    return dir;
  }

  /** Bytes of queue files on disk (their apparent size). */
  public long diskBytes() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".cq4")).mapToLong(WriteAheadLog::size).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  public long freeDiskBytes() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Deletes queue files wholly before the cycle of {@code writtenIndex} (the last index the
   * database holds) whose last change is older than {@code keep}. Returns how many went.
   */
  int deleteWritten(long writtenIndex, Duration keep) {
    if (writtenIndex < 0) {
      return 0;
    }
    int writtenCycle = ROLL_CYCLE.toCycle(writtenIndex);
    Instant cutoff = clock.instant().minus(keep);
    int deleted = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
        Integer cycle = cycleOf(file);
        if (cycle != null
            && cycle < writtenCycle
            && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          Files.delete(file);
          deleted++;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot delete written wal files in {}: {}", dir, e.toString());
    }
    if (deleted > 0) {
      queue.refreshDirectoryListing();
    }
    return deleted;
  }

  /** The cycle a queue file holds, from its name; null for a name of another shape. */
  static Integer cycleOf(Path file) {
    String name = file.getFileName().toString();
    try {
      LocalDateTime start = LocalDateTime.parse(name.substring(0, name.length() - 4), CYCLE_NAMES);
      return (int) (start.toInstant(ZoneOffset.UTC).toEpochMilli() / ROLL_CYCLE.lengthInMillis());
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  @Override
  public void close() {
    allAppenders.forEach(ExcerptAppender::close);
    queue.close();
  }
}
