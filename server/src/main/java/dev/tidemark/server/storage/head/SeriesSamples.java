package dev.tidemark.server.storage.head;

import dev.tidemark.server.storage.block.BlockCodec;
import dev.tidemark.server.storage.block.Columns;
import java.util.Arrays;

/**
 * The head's points of one series: sealed chunks of {@value #CHUNK} points in Gorilla's encoding
 * ({@link BlockCodec}, about 1.5–2 bytes a point) and an open tail of plain columns after them,
 * sealed when full. Times are distinct and ascending across chunks and tail. A point arriving out
 * of order is inserted where it belongs (the tail shifts; a sealed chunk is decoded, given the
 * point and encoded again): rare, so it may cost. One value per time: a time already held keeps its
 * value, as the database keeps the first value stored. Every method holds this object's monitor:
 * the storage writer adds while queries copy and the eviction pass drops.
 */
final class SeriesSamples {
  /** Points a sealed chunk holds (Prometheus' head chunks hold 120 too). */
  static final int CHUNK = 120;

  private static final long[] NO_TIMES = new long[0];
  private static final double[] NO_VALUES = new double[0];

  private byte[][] chunks = new byte[0][];
  private long[] firsts = NO_TIMES;
  private long[] lasts = NO_TIMES;
  private int[] counts = new int[0];
  private int sealed;

  private long[] times = NO_TIMES;
  private double[] values = NO_VALUES;
  private int size;

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
    int insert = -pos - 1;
    long[] t = new long[points.size() + 1];
    double[] v = new double[t.length];
    for (int i = 0, j = 0; i < t.length; i++) {
      if (i == insert) {
        t[i] = time;
        v[i] = value;
      } else {
        t[i] = points.time(j);
        v[i] = points.value(j);
        j++;
      }
    }
    chunks[at] = BlockCodec.encode(t, v, 0, t.length);
    firsts[at] = t[0];
    lasts[at] = t[t.length - 1];
    counts[at] = t.length;
    return true;
  }

  private boolean addToTail(long time, double value) {
    int pos =
        size == 0 || time > times[size - 1] ? -size - 1 : Arrays.binarySearch(times, 0, size, time);
    if (pos >= 0) {
      return false;
    }
    int insert = -pos - 1;
    if (size == times.length) {
      int cap = Math.min(CHUNK, Math.max(8, size * 2));
      times = Arrays.copyOf(times, Math.max(cap, size + 1));
      values = Arrays.copyOf(values, times.length);
    }
    System.arraycopy(times, insert, times, insert + 1, size - insert);
    System.arraycopy(values, insert, values, insert + 1, size - insert);
    times[insert] = time;
    values[insert] = value;
    size++;
    if (size >= CHUNK && insert == size - 1) {
      seal();
    }
    return true;
  }

  private void seal() {
    if (sealed == chunks.length) {
      int cap = Math.max(2, sealed * 2);
      chunks = Arrays.copyOf(chunks, cap);
      firsts = Arrays.copyOf(firsts, cap);
      lasts = Arrays.copyOf(lasts, cap);
      counts = Arrays.copyOf(counts, cap);
    }
    chunks[sealed] = BlockCodec.encode(times, values, 0, size);
    firsts[sealed] = times[0];
    lasts[sealed] = times[size - 1];
    counts[sealed] = size;
    sealed++;
    times = NO_TIMES;
    values = NO_VALUES;
    size = 0;
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
      return size > 0 && Arrays.binarySearch(times, 0, size, time) >= 0;
    }
    return search(decode(chunkFor(time)), time) >= 0;
  }

  /** Appends the points with {@code from <= time < to} to {@code out}, in time order. */
  synchronized void copy(long from, long to, Columns out) {
    int lo = 0;
    int hi = 0;
    if (size > 0 && times[size - 1] >= from && times[0] < to) {
      lo = Arrays.binarySearch(times, 0, size, from);
      lo = lo >= 0 ? lo : -lo - 1;
      hi = Arrays.binarySearch(times, 0, size, to);
      hi = hi >= 0 ? hi : -hi - 1;
    }
    int room = hi - lo; // sized once: a 10,000-series read grew each column a dozen times
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
    if (hi > lo) {
      out.addAll(times, values, lo, hi - lo);
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
    if (sealed == 0 && size > 0 && times[0] < cutoff) {
      int lo = Arrays.binarySearch(times, 0, size, cutoff);
      lo = lo >= 0 ? lo : -lo - 1;
      System.arraycopy(times, lo, times, 0, size - lo);
      System.arraycopy(values, lo, values, 0, size - lo);
      points += lo;
      size -= lo;
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
    if (size > 0) {
      if (sealed > 0 && lasts[sealed - 1] >= cutoff) {
        kept += size;
      } else {
        int lo = Arrays.binarySearch(times, 0, size, cutoff);
        kept += size - (lo >= 0 ? lo : -lo - 1);
      }
    }
    return kept;
  }

  /** The earliest time held, or {@link Long#MAX_VALUE} when empty. */
  synchronized long earliest() {
    return sealed > 0 ? firsts[0] : size > 0 ? times[0] : Long.MAX_VALUE;
  }

  synchronized int size() {
    int n = size;
    for (int i = 0; i < sealed; i++) {
      n += counts[i];
    }
    return n;
  }

  /** Bytes held in chunks and tail (array payloads only), for the memory gauge. */
  synchronized long bytes() {
    long n = 16L * times.length + 20L * chunks.length;
    for (int i = 0; i < sealed; i++) {
      n += chunks[i].length + 16;
    }
    return n;
  }
}
