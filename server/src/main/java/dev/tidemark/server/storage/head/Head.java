package dev.tidemark.server.storage.head;

import dev.tidemark.protocol.Sample;
import dev.tidemark.server.storage.block.Columns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recent raw samples in memory, so a read of the last hours decodes compact chunks in Java instead
 * of moving each sample as a SQL row. It is a copy of what this server's storage writer committed,
 * never the only copy: the write-ahead queue and the database stay the record, and a new process
 * starts with an empty head.
 *
 * <p>The head answers for times at and after its <em>start</em>, and only there, where it holds
 * exactly what the database holds: the start is set past every sample stored before the head
 * existed ({@link HeadStart}), past every sample another server sharing the database may have
 * stored ({@link OtherWriters}), and moves forward (never back) when old points are evicted (older
 * than {@code storage.head.window}, or raw retention if shorter), when the head passes {@code
 * storage.head.max.samples}, and when something it cannot account for happens (a commit whose
 * outcome is unknown, a stored row it never saw). Reads take the rest from SQL. Histograms, stale
 * markers and spans stay SQL-only.
 *
 * <p>Threads: the head feed (and the storage writer, for writes without a queue index) adds,
 * queries copy, eviction drops. Added samples wait in {@link PendingSamples} until it is full or
 * something reads the series, and then go in a series at a time ({@link #fold}); folds and copies
 * share a read lock (each series has its own monitor), moving the start takes the write lock, so a
 * reader never sees a start whose points are already gone.
 */
public final class Head {
  private static final Logger LOG = LoggerFactory.getLogger(Head.class);

  /** How long a look at {@code wal_positions} is reused. */
  static final long OTHERS_TTL_NANOS = 2_000_000_000L;

  /** Samples added that wait to go into their series a series at a time ({@link #fold}). */
  static final int PENDING_SAMPLES = 131_072;

  /** How often the writer's hook evicts by age. */
  private static final long EVICT_EVERY_MS = 10_000;

  private static final Head OFF =
      new Head(null, Clock.systemUTC(), Long.MAX_VALUE, Optional::empty);

  private final HeadSettings settings;
  private final Clock clock;
  private final Supplier<Optional<Duration>> rawRetention;
  private final SeriesTable series = new SeriesTable();
  private final PendingSamples pending;
  private final AtomicLong samples = new AtomicLong();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final LongAdder headReads = new LongAdder();
  private final LongAdder sqlReads = new LongAdder();
  private volatile long start;
  private volatile String serverId = "default";
  private volatile long others = Long.MIN_VALUE;
  private volatile long othersCheckedAt;
  private volatile boolean othersChecked;
  private long lastEvict;

  private Head(
      HeadSettings settings, Clock clock, long start, Supplier<Optional<Duration>> rawRetention) {
    this.settings = settings;
    this.pending = new PendingSamples(settings == null ? 0 : PENDING_SAMPLES);
    this.clock = clock;
    this.start = start;
    this.rawRetention = rawRetention;
  }

  /** A head that holds nothing and answers nothing: every read goes to SQL. */
  public static Head off() {
    return OFF;
  }

  /**
   * A head starting after every sample {@code c}'s database holds (see {@link HeadStart}); open it
   * before the storage writer writes its first chunk.
   */
  public static Head open(
      Connection c, HeadSettings settings, Clock clock, Supplier<Optional<Duration>> rawRetention)
      throws SQLException {
    if (!settings.enabled()) {
      return OFF;
    }
    long now = clock.millis();
    long start =
        HeadStart.of(c, now, settings.futureSkew().toMillis(), settings.window().toMillis());
    Head head = new Head(settings, clock, start, rawRetention);
    LOG.info(
        "head of recent samples open [start={}, window={}, maxSamples={}]",
        start == Long.MIN_VALUE ? "empty database" : java.time.Instant.ofEpochMilli(start),
        settings.window(),
        settings.maxSamples());
    return head;
  }

  public boolean enabled() {
    return settings != null;
  }

  /** Names this server, so other servers' positions are told apart from its own. */
  public void identify(String serverId) {
    this.serverId = serverId;
  }

  /** How far back the head keeps points: the window, or raw retention if that is shorter. */
  private long windowMs() {
    long window = settings.window().toMillis();
    Optional<Duration> keep = rawRetention.get();
    return keep.map(k -> Math.min(window, k.toMillis())).orElse(window);
  }

  /**
   * The earliest time the head may answer for now, with what is known of other writers: its start,
   * which eviction moves past the window only once there are points to drop. A head that has
   * dropped nothing holds every sample from its start on, however old (on an empty database, all of
   * them), so a read reaching past the window asks SQL for nothing it would not find here.
   */
  private long answersFrom(long othersBound) {
    return Math.max(start, othersBound);
  }

  /**
   * Copies the points of {@code ids} the head answers for in {@code [from, to)} into {@code buffer}
   * (cleared first), one series after the other: those of {@code ids[i]} end at {@code ends[i]} and
   * start where the previous ones end. Returns the time from which it answered: the caller reads
   * {@code [from, returned)} from SQL. Returns {@code to} (and copies nothing) when the head
   * answers none of the range. With {@code newest} only each series' newest point in {@code
   * [returned, to)}, if it has one.
   */
  public long read(
      Connection c, long[] ids, long from, long to, boolean newest, Columns buffer, int[] ends)
      throws SQLException {
    buffer.clear();
    Arrays.fill(ends, 0);
    if (!enabled()) {
      return to;
    }
    fold();
    long othersBound = others(c);
    lock.readLock().lock();
    try {
      long split = Math.max(from, answersFrom(othersBound));
      if (split >= to) {
        sqlReads.increment();
        return to;
      }
      Columns scratch = newest ? new Columns(SeriesSamples.CHUNK) : null;
      for (int i = 0; i < ids.length; i++) {
        SeriesSamples s = series.get(ids[i]);
        if (s != null && newest) {
          s.newest(split, to, buffer, scratch);
        } else if (s != null) {
          s.copy(split, to, buffer);
        }
        ends[i] = buffer.size();
      }
      headReads.increment();
      if (split > from) {
        sqlReads.increment();
      }
      return split;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Other servers' bound, read again when older than {@link #OTHERS_TTL_NANOS}. */
  private long others(Connection c) throws SQLException {
    long now = System.nanoTime();
    if (!othersChecked || now - othersCheckedAt > OTHERS_TTL_NANOS) {
      others = OtherWriters.bound(c, serverId, settings.futureSkew().toMillis());
      othersCheckedAt = now;
      othersChecked = true;
    }
    return others;
  }

  /**
   * Adds samples this server stores, {@code ids[i]} being the series of {@code samples.get(i)}: the
   * entries of the write-ahead queue in queue order, before the writer stores them (so an
   * acknowledged sample answers at once), or what a commit stored when every sample went in (the
   * COPY went through: no key was there before). A time held already keeps its value, as the
   * database keeps the first value stored.
   */
  public void add(long[] ids, List<Sample> samples) {
    int n = samples.size();
    long[] times = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = samples.get(i).timestamp();
      values[i] = samples.get(i).value();
    }
    add(ids, times, values, n);
  }

  /**
   * As {@link #add(long[], List)}, the samples in columns: the first {@code n} of each array. They
   * wait in {@link PendingSamples} and go into their series a series at a time once it is full, or
   * before anything reads or checks the series ({@link #fold}); the order they were given in is
   * kept.
   */
  public void add(long[] ids, long[] times, double[] values, int n) {
    if (!enabled() || n == 0) {
      return;
    }
    for (int from = 0; from < n; ) {
      boolean full;
      synchronized (pending) {
        int to = Math.min(n, from + pending.room());
        pending.append(ids, times, values, from, to);
        from = to;
        full = pending.room() == 0;
      }
      if (full) {
        fold();
      }
    }
  }

  /** Puts the pending samples into their series (those before the start are dropped). */
  private void fold() {
    int added = 0;
    lock.readLock().lock();
    try {
      synchronized (pending) {
        if (pending.size() == 0) {
          return;
        }
        added = pending.foldInto(series, start);
      }
    } finally {
      lock.readLock().unlock();
      samples.addAndGet(added);
    }
    afterAdding();
  }

  /**
   * After a commit where some keys were there already and only {@code inserted} (key to the value
   * stored) went in. A sample neither inserted nor held here was stored by someone the head does
   * not know about: it starts over after now.
   */
  public void storedSome(long[] ids, List<Sample> samples, Map<Key, Double> inserted) {
    if (!enabled() || samples.isEmpty()) {
      return;
    }
    fold(); // what the feed gave first goes in first, and a sample held is one folded in
    boolean unknown = false;
    java.util.Set<Key> taken = new java.util.HashSet<>();
    int added = 0;
    lock.readLock().lock();
    try {
      long from = start;
      for (int i = 0; i < samples.size() && !unknown; i++) {
        Sample s = samples.get(i);
        if (s.timestamp() < from) {
          continue;
        }
        Key key = new Key(ids[i], s.timestamp());
        Double value = inserted.get(key);
        if (value != null) {
          // of repeats in one chunk the one stored is the one with the stored value; its own bits
          // are kept (a NaN's payload does not survive the text the insert returns)
          if (Double.compare(value, s.value()) == 0) {
            added += add(ids[i], s.timestamp(), s.value()) ? 1 : 0;
            inserted.remove(key);
            taken.add(key);
          }
        } else if (!taken.contains(key)) {
          SeriesSamples held = series.get(ids[i]);
          unknown = held == null || !held.holds(s.timestamp());
        }
      }
      for (Map.Entry<Key, Double> e : inserted.entrySet()) {
        if (!unknown && e.getKey().time() >= from) {
          added += add(e.getKey().seriesId(), e.getKey().time(), e.getValue()) ? 1 : 0;
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    this.samples.addAndGet(added);
    if (unknown) {
      startOver("a sample was stored before that the head never saw");
    }
    afterAdding();
  }

  /** Adds a point (the caller counts it in {@link #samples}); false when its time is held. */
  private boolean add(long id, long time, double value) {
    return series.getOrAdd(id, SeriesSamples::new).add(time, value);
  }

  /** Enforces the memory cap, and evicts by age at most every {@link #EVICT_EVERY_MS}. */
  private void afterAdding() {
    long now = clock.millis();
    if (now - lastEvict >= EVICT_EVERY_MS) {
      lastEvict = now;
      evict();
    }
    if (samples.get() > settings.maxSamples()) {
      long cutoff = Eviction.cutoffFor(series.values(), (long) (settings.maxSamples() * 0.9));
      moveStart(cutoff);
      LOG.info(
          "head full; its start moved forward [start={}, samples={}, max={}]",
          java.time.Instant.ofEpochMilli(cutoff),
          samples.get(),
          settings.maxSamples());
    }
  }

  /**
   * Drops what is older than the window (or raw retention) and what other servers' writes make
   * unanswerable; called from the writer's hook.
   */
  public void evict() {
    if (enabled()) {
      moveStart(others);
      moveStart(clock.millis() - windowMs(), true);
    }
  }

  /**
   * The commit of a chunk failed in a way that leaves unknown whether it was stored: start over
   * after every sample that could have been in it.
   */
  public void commitUnknown() {
    if (enabled()) {
      startOver("a commit's outcome is unknown");
    }
  }

  /**
   * Something left the head unsure of what the database holds (say why): it answers only for times
   * after every sample that could be affected, from now plus the future skew on.
   */
  public void startOver(String why) {
    if (!enabled()) {
      return;
    }
    long next = clock.millis() + settings.futureSkew().toMillis() + 1;
    LOG.warn("head starts over: {} [start={}]", why, java.time.Instant.ofEpochMilli(next));
    moveStart(next);
  }

  /** Moves the start forward to {@code time} (never back) and drops the points before it. */
  private void moveStart(long time) {
    moveStart(time, false);
  }

  /**
   * As {@link #moveStart(long)}; {@code ifDropping}: only when some point before {@code time} went
   * (a head that drops nothing still holds everything after its start).
   */
  private void moveStart(long time, boolean ifDropping) {
    lock.writeLock().lock();
    try {
      if (time <= start) {
        return;
      }
      long dropped = 0;
      for (SeriesSamples s : series.values()) {
        dropped += s.dropBefore(time);
      }
      if (dropped > 0 || !ifDropping) {
        start = time;
      }
      samples.addAndGet(-dropped);
      series.removeIf(s -> s.size() == 0);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The time the head answers from at most (reads also bound it by other servers' writes). */
  public long start() {
    return start;
  }

  public long seriesCount() {
    fold();
    return series.size();
  }

  public long sampleCount() {
    fold();
    return samples.get();
  }

  /** Bytes of the chunks and tails (payloads only). */
  public long bytes() {
    fold();
    long n = 0;
    for (SeriesSamples s : series.values()) {
      n += s.bytes();
    }
    return n;
  }

  /** Raw reads the head answered (in part or whole). */
  public long headReads() {
    return headReads.sum();
  }

  /** Raw reads (or the older part of one) that went to SQL while the head was on. */
  public long sqlReads() {
    return sqlReads.sum();
  }

  /** A stored sample's key. */
  public record Key(long seriesId, long time) {}
}
