package dev.tidemark.server.storage.head;

import dev.tidemark.server.storage.block.BlockAppender;
import dev.tidemark.server.storage.block.BlockCodec;
import dev.tidemark.server.storage.block.Columns;
import java.util.Arrays;

/**
 * The head's points of one series: sealed chunks of {@value #CHUNK} points in Gorilla's encoding
 * ({@link BlockCodec}, about 1.5–2 bytes a point) and an open tail after them in the same encoding,
 * appended to point by point ({@link BlockAppender}) and sealed when full. Times are distinct and
 * ascending across chunks and tail. A point arriving out of order is inserted where it belongs (the
 * chunk or tail it falls in is decoded, given the point and encoded again): rare, so it may cost.
 * One value per time: a time already held keeps its value, as the database keeps the first value
 * stored. Every method holds this object's monitor: the storage writer adds while queries copy and
 * the eviction pass drops.
 */
final class SeriesSamples {
  /** Points a sealed chunk holds (Prometheus' head chunks hold 120 too). */
  static final int CHUNK = 120;

  private static final long[] NO_TIMES = new long[0];

  /** The series' database id (final: {@link SeriesTable}'s lookups read it without a lock). */
  final long id;

  private byte[][] chunks = new byte[0][];
  private long[] firsts = NO_TIMES;
  private long[] lasts = NO_TIMES;
  private int[] counts = new int[0];
  private int sealed;

  /** The newest points, after the last sealed chunk; null when there are none. */
  private BlockAppender tail;

  SeriesSamples(long id) {
    this.id = id;
  }

  /** Adds a point; false when its time is held already (the value held stays). */
  synchronized boolean add(long time, double value) {
    if (sealed == 0 || time > lasts[sealed - 1]) {
      return addToTail(time, value);
    }
    int at = chunkFor(time);
    Columns points = decode(at);
    int pos = search(points, time);
    if (pos >= 0) {
      return false;
    }
    Columns with = inserted(points, -pos - 1, time, value);
    int n = with.size();
    chunks[at] = with.encode(0, n);
    firsts[at] = with.time(0);
    lasts[at] = with.time(n - 1);
    counts[at] = n;
    return true;
  }

  private boolean addToTail(long time, double value) {
    if (tail == null || time > tail.last()) {
      if (tail == null) {
        tail = new BlockAppender(CHUNK);
      }
      tail.append(time, value);
      if (tail.count() >= CHUNK) {
        seal();
      }
      return true;
    }
    Columns points = tail.decode();
    int pos = search(points, time);
    if (pos >= 0) {
      return false;
    }
    Columns with = inserted(points, -pos - 1, time, value);
    tail = BlockAppender.of(with.timeArray(), with.valueArray(), 0, with.size());
    return true;
  }

  /** {@code points} with one more at index {@code at}. */
  private static Columns inserted(Columns points, int at, long time, double value) {
    Columns with = new Columns(points.size() + 1);
    with.addAll(points.timeArray(), points.valueArray(), 0, at);
    with.add(time, value);
    with.addAll(points.timeArray(), points.valueArray(), at, points.size() - at);
    return with;
  }

  private void seal() {
    if (sealed == chunks.length) {
      int cap = Math.max(2, sealed * 2);
      chunks = Arrays.copyOf(chunks, cap);
      firsts = Arrays.copyOf(firsts, cap);
      lasts = Arrays.copyOf(lasts, cap);
      counts = Arrays.copyOf(counts, cap);
    }
    chunks[sealed] = tail.toByteArray();
    firsts[sealed] = tail.first();
    lasts[sealed] = tail.last();
    counts[sealed] = tail.count();
    sealed++;
    tail = null;
  }

  /** The sealed chunk a time at or before the last sealed one belongs in. */
  private int chunkFor(long time) {
    for (int i = sealed - 1; i > 0; i--) {
      if (firsts[i] <= time) {
        return i;
      }
    }
    return 0;
  }

  private Columns decode(int chunk) {
    Columns out = new Columns(counts[chunk]);
    out.addBlock(chunks[chunk], Long.MIN_VALUE, Long.MAX_VALUE);
    return out;
  }

  private static int search(Columns c, long time) {
    int lo = 0;
    int hi = c.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long t = c.time(mid);
      if (t < time) {
        lo = mid + 1;
      } else if (t > time) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** Whether a point at {@code time} is held. */
  synchronized boolean holds(long time) {
    if (sealed == 0 || time > lasts[sealed - 1]) {
      return tail != null
          && time >= tail.first()
          && time <= tail.last()
          && search(tail.decode(), time) >= 0;
    }
    return search(decode(chunkFor(time)), time) >= 0;
  }

  /**
   * Appends the newest point with {@code from <= time < to} to {@code out}, if there is one: the
   * tail's last point when it is before {@code to} (no decoding), else from the newest block that
   * holds one, decoded into {@code scratch}.
   */
  synchronized void newest(long from, long to, Columns out, Columns scratch) {
    if (tail != null && tail.last() < to) {
      if (tail.last() >= from) {
        out.add(tail.last(), tail.lastValue());
      }
      return;
    }
    if (tail != null && tail.first() < to && newest(tail.bytes(), from, to, out, scratch)) {
      return;
    }
    for (int i = sealed - 1; i >= 0 && lasts[i] >= from; i--) {
      if (firsts[i] < to && newest(chunks[i], from, to, out, scratch)) {
        return;
      }
    }
  }

  private static boolean newest(byte[] block, long from, long to, Columns out, Columns scratch) {
    scratch.clear();
    scratch.addBlock(block, from, to);
    int n = scratch.size();
    if (n > 0) {
      out.add(scratch.time(n - 1), scratch.value(n - 1));
    }
    return n > 0;
  }

  /** Appends the points with {@code from <= time < to} to {@code out}, in time order. */
  synchronized void copy(long from, long to, Columns out) {
    boolean fromTail = tail != null && tail.last() >= from && tail.first() < to;
    int room = fromTail ? tail.count() : 0; // sized once: reads grew each column a dozen times
    for (int i = 0; i < sealed; i++) {
      if (lasts[i] >= from && firsts[i] < to) {
        room += counts[i];
      }
    }
    out.reserve(room);
    for (int i = 0; i < sealed; i++) {
      if (lasts[i] >= from && firsts[i] < to) {
        out.addBlock(chunks[i], from, to);
      }
    }
    if (fromTail) {
      out.addBlock(tail.bytes(), from, to);
    }
  }

  /**
   * Drops the sealed chunks whose last point is before {@code cutoff} and the tail's points before
   * it; returns how many points went. A chunk reaching past the cutoff stays whole (its older
   * points are simply never read: reads start at the cutoff).
   */
  synchronized int dropBefore(long cutoff) {
    int drop = 0;
    int points = 0;
    while (drop < sealed && lasts[drop] < cutoff) {
      points += counts[drop];
      drop++;
    }
    if (drop > 0) {
      int keep = sealed - drop;
      System.arraycopy(chunks, drop, chunks, 0, keep);
      System.arraycopy(firsts, drop, firsts, 0, keep);
      System.arraycopy(lasts, drop, lasts, 0, keep);
      System.arraycopy(counts, drop, counts, 0, keep);
      Arrays.fill(chunks, keep, sealed, null);
      sealed = keep;
    }
    if (sealed == 0 && tail != null && tail.first() < cutoff) {
      Columns c = tail.decode();
      int lo = search(c, cutoff);
      lo = lo >= 0 ? lo : -lo - 1;
      points += lo;
      int keep = c.size() - lo;
      tail = keep == 0 ? null : BlockAppender.of(c.timeArray(), c.valueArray(), lo, keep);
    }
    return points;
  }

  /** How many points would remain after {@link #dropBefore}{@code (cutoff)}. */
  synchronized long remainingAfter(long cutoff) {
    long kept = 0;
    for (int i = 0; i < sealed; i++) {
      if (lasts[i] >= cutoff) {
        kept += counts[i];
      }
    }
    if (tail != null) {
      if ((sealed > 0 && lasts[sealed - 1] >= cutoff) || tail.first() >= cutoff) {
        kept += tail.count();
      } else if (tail.last() >= cutoff) {
        Columns c = tail.decode();
        int lo = search(c, cutoff);
        kept += c.size() - (lo >= 0 ? lo : -lo - 1);
      }
    }
    return kept;
  }

  /** The earliest time held, or {@link Long#MAX_VALUE} when empty. */
  synchronized long earliest() {
    return sealed > 0 ? firsts[0] : tail != null ? tail.first() : Long.MAX_VALUE;
  }

  synchronized int size() {
    int n = tail == null ? 0 : tail.count();
    for (int i = 0; i < sealed; i++) {
      n += counts[i];
    }
    return n;
  }

  /** Bytes held in chunks and tail (array payloads only), for the memory gauge. */
  synchronized long bytes() {
    long n = (tail == null ? 0 : tail.capacity()) + 20L * chunks.length;
    for (int i = 0; i < sealed; i++) {
      n += chunks[i].length + 16;
    }
    return n;
  }
}
