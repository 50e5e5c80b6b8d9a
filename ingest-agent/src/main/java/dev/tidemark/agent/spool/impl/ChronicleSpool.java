package dev.tidemark.agent.spool.impl;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool on a Chronicle Queue: one appender per appending thread, files deleted once shipped.
 */
public final class ChronicleSpool implements Spool {
  private static final Logger LOG = LoggerFactory.getLogger(ChronicleSpool.class);

  private final Path dir;
  private final SingleChronicleQueue queue;
  private final long maxBytes;
  private final ThreadLocal<Writer> writers = ThreadLocal.withInitial(this::newWriter);
  private final List<Writer> allWriters = new CopyOnWriteArrayList<>();
  private final AtomicLong backlogBytes = new AtomicLong();
  private final AtomicLong backlogEntries = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean closed;

  /** Cycles before this one are deleted already (shipper thread only). */
  private int deletedBefore = Integer.MIN_VALUE;

  private ChronicleSpool(Path dir, SpoolOptions options, RollCycle roll, TimeProvider time) {
    this.dir = dir;
    this.maxBytes = options.maxBytes();
    this.queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(roll).timeProvider(time).build();
  }

  public static ChronicleSpool open(Path dir, SpoolOptions options, long shippedThrough) {
    return open(
        dir, options, shippedThrough, rollCycle(options.roll()), SystemTimeProvider.INSTANCE);
  }

  /** With a roll cycle and clock of the caller's choosing: tests roll files in seconds. */
  static ChronicleSpool open(
      Path dir, SpoolOptions options, long shippedThrough, RollCycle roll, TimeProvider time) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create spool directory: " + e + " [dir=" + dir + "]", e);
    }
    ChronicleSpool spool = new ChronicleSpool(dir, options, roll, time);
    spool.countBacklog(shippedThrough);
    return spool;
  }

  static RollCycle rollCycle(String roll) {
    return switch (roll) {
      case "minutely" -> LegacyRollCycles.MINUTELY;
      case "five_minutely" -> RollCycles.FIVE_MINUTELY;
      case "ten_minutely" -> RollCycles.TEN_MINUTELY;
      case "daily" -> RollCycles.FAST_DAILY;
      default -> RollCycles.FAST_HOURLY;
    };
  }

  /** Reads the unshipped entries once at start, so the cap holds across restarts. */
  private void countBacklog(long shippedThrough) {
    try (ChronicleCursor cursor = new ChronicleCursor(queue.createTailer(), dir)) {
      cursor.seekAfter(shippedThrough);
      for (SpoolEntry e = cursor.next(); e != null; e = cursor.next()) {
        backlogBytes.addAndGet(e.bytes());
        backlogEntries.incrementAndGet();
      }
    }
  }

  @Override
  public boolean append(Sample sample) {
    return write(1, (bytes, now) -> EntryCodec.write(bytes, now, sample));
  }

  @Override
  public boolean appendAll(List<Sample> samples) {
    return samples.isEmpty()
        || write(samples.size(), (bytes, now) -> EntryCodec.write(bytes, now, samples));
  }

  @Override
  public boolean append(HistogramSample histogram) {
    Writer w = writers.get();
    w.scratch = EntryCodec.scratchFor(histogram.histogram(), w.scratch);
    return write(1, (bytes, now) -> EntryCodec.write(bytes, now, histogram, w.scratch));
  }

  /** One entry of {@code items} samples or histograms, or none when the spool is full. */
  private boolean write(int items, EntryWriter entry) {
    if (full(items)) {
      return false;
    }
    try (DocumentContext dc = writers.get().appender.writingDocument()) {
      Bytes<?> bytes = dc.wire().bytes();
      long start = bytes.writePosition();
      entry.write(bytes, System.currentTimeMillis());
      added(bytes.writePosition() - start);
    }
    return true;
  }

  @FunctionalInterface
  private interface EntryWriter {
    void write(Bytes<?> bytes, long now);
  }

  private boolean full(int items) {
    if (closed) {
      throw new IllegalStateException("cannot append to spool: it is closed [dir=" + dir + "]");
    }
    if (backlogBytes.get() >= maxBytes) {
      refused.addAndGet(items);
      return true;
    }
    return false;
  }

  private void added(long bytes) {
    backlogBytes.addAndGet(bytes);
    backlogEntries.incrementAndGet();
  }

  @Override
  public SpoolCursor cursor() {
    return new ChronicleCursor(queue.createTailer("shipper"), dir);
  }

  @Override
  public void shipped(long index, int entries, long bytes) {
    backlogEntries.addAndGet(-entries);
    backlogBytes.addAndGet(-bytes);
    deleteBefore(queue.rollCycle().toCycle(index));
  }

  /**
   * Deletes the spool files of cycles before {@code cycle}: everything in them is shipped. Spool
   * file names sort in cycle order, so every file named before the cycle's own file goes.
   */
  private void deleteBefore(int cycle) {
    if (cycle <= deletedBefore) {
      return;
    }
    String keep = fileName(cycle);
    boolean deleted = false;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(SingleChronicleQueue.SUFFIX) && name.compareTo(keep) < 0) {
          Files.deleteIfExists(p);
          deleted = true;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot delete shipped spool files: {} [dir={}]", e.toString(), dir);
    }
    deletedBefore = cycle;
    if (deleted) {
      queue.refreshDirectoryListing();
    }
  }

  /** The file name Chronicle gives a cycle: its start, formatted by the roll cycle, in UTC. */
  private String fileName(int cycle) {
    RollCycle roll = queue.rollCycle();
    long start = queue.epoch() + (long) cycle * roll.lengthInMillis();
    return DateTimeFormatter.ofPattern(roll.format())
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(start))
        + SingleChronicleQueue.SUFFIX;
  }

  @Override
  public long backlogEntries() {
    return backlogEntries.get();
  }

  @Override
  public long backlogBytes() {
    return backlogBytes.get();
  }

  @Override
  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Writer w : allWriters) {
      w.appender.close();
    }
    queue.close();
  }

  private Writer newWriter() {
    Writer w = new Writer(queue.createAppender());
    allWriters.add(w);
    return w;
  }

  /** One thread's appender and its reusable histogram buffer. */
  private static final class Writer {
    final ExcerptAppender appender;
    java.nio.ByteBuffer scratch;

    Writer(ExcerptAppender appender) {
      this.appender = appender;
    }
  }
}
