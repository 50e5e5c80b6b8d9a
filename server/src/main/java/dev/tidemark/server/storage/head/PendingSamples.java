package dev.tidemark.server.storage.head;

import java.util.Arrays;

/**
 * Samples given to the head and not yet in their series, in the order given, so they go into each
 * series a run at a time ({@link #grouped}) rather than one series after another per sample: a
 * remote_write request holds one sample each of a thousand series, and appending each to its series
 * costs loads from memory no cache holds (the series, its tail, the tail's bytes) that a run of the
 * same series' samples pays once. Not thread-safe: {@link Head} holds its monitor.
 */
final class PendingSamples {
  /** Bits of the id a pass of the radix sort orders by (2,048 buckets). */
  private static final int DIGIT = 11;

  final long[] ids;
  final long[] times;
  final double[] values;
  private int size;

  private long[] keys;
  private long[] keysScratch;
  private int[] order;
  private int[] orderScratch;
  private final int[] counts = new int[1 << DIGIT];

  PendingSamples(int capacity) {
    ids = new long[capacity];
    times = new long[capacity];
    values = new double[capacity];
  }

  int size() {
    return size;
  }

  /** Room left before the samples must be folded into their series. */
  int room() {
    return ids.length - size;
  }

  /** Takes {@code ids[i]}, {@code times[i]}, {@code values[i]} for {@code from <= i < to}. */
  void append(long[] ids, long[] times, double[] values, int from, int to) {
    int n = to - from;
    System.arraycopy(ids, from, this.ids, size, n);
    System.arraycopy(times, from, this.times, size, n);
    System.arraycopy(values, from, this.values, size, n);
    size += n;
  }

  /**
   * Puts the samples held into their series in {@code series} a series at a time, dropping those
   * before {@code from}, and empties this; returns how many points were new to their series.
   */
  int foldInto(SeriesTable series, long from) {
    int[] order = grouped();
    int added = 0;
    SeriesSamples held = null;
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (times[i] < from) {
        continue;
      }
      if (held == null || held.id != ids[i]) {
        held = series.getOrAdd(ids[i], SeriesSamples::new);
      }
      added += held.add(times[i], values[i]) ? 1 : 0;
    }
    clear();
    return added;
  }

  void clear() {
    size = 0;
  }

  /**
   * The positions of the samples held, ordered by series id and, within a series, in the order
   * given (a least-significant-digit radix sort of the ids, which is stable): the first of two
   * samples at one time of one series comes first, as it did when each was added on arrival.
   */
  int[] grouped() {
    int n = size;
    if (order == null) {
      int capacity = ids.length;
      keys = new long[capacity];
      keysScratch = new long[capacity];
      order = new int[capacity];
      orderScratch = new int[capacity];
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, ids[i]);
      max = Math.max(max, ids[i]);
    }
    long[] key = keys;
    int[] at = order;
    for (int i = 0; i < n; i++) {
      key[i] = ids[i] - min; // at most max - min, so the passes stop at its highest bit
      at[i] = i;
    }
    long span = max - min;
    long[] keyTo = keysScratch;
    int[] atTo = orderScratch;
    int mask = (1 << DIGIT) - 1;
    for (int shift = 0; shift < Long.SIZE && (span >>> shift) != 0; shift += DIGIT) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) (key[i] >>> shift) & mask]++;
      }
      for (int b = 0, sum = 0; b <= mask; b++) {
        int c = counts[b];
        counts[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        int dst = counts[(int) (key[i] >>> shift) & mask]++;
        keyTo[dst] = key[i];
        atTo[dst] = at[i];
      }
      long[] k = key;
      key = keyTo;
      keyTo = k;
      int[] a = at;
      at = atTo;
      atTo = a;
    }
    return at;
  }
}
