package dev.tidemark.server.storage.block;

import java.util.Arrays;

/** A growable pair of columns (times, values) of one series, with sorting and merging. */
public final class Columns {
  long[] times;
  double[] values;
  int size;

  public Columns(int capacity) {
    times = new long[Math.max(4, capacity)];
    values = new double[times.length];
  }

  private Columns(long[] times, double[] values) {
    this.times = times;
    this.values = values;
    this.size = times.length;
  }

  public void add(long time, double value) {
    room(size + 1);
    times[size] = time;
    values[size] = value;
    size++;
  }

  /** Appends {@code n} points of two columns from {@code offset} on. */
  public void addAll(long[] t, double[] v, int offset, int n) {
    room(size + n);
    System.arraycopy(t, offset, times, size, n);
    System.arraycopy(v, offset, values, size, n);
    size += n;
  }

  /** Appends another column's points. */
  public void addAll(Columns other) {
    addAll(other.times, other.values, 0, other.size);
  }

  /** Appends a decoded block, keeping only its points with {@code from <= time < to}. */
  public void addBlock(byte[] block, long from, long to) {
    int n = BlockCodec.count(block);
    room(size + n);
    BlockCodec.decode(block, times, values, size);
    int kept = size;
    for (int i = size; i < size + n; i++) {
      if (times[i] >= from && times[i] < to) {
        times[kept] = times[i];
        values[kept] = values[i];
        kept++;
      }
    }
    size = kept;
  }

  /** Makes room for {@code more} points beyond those held, so adding them copies nothing. */
  public void reserve(int more) {
    room(size + more);
  }

  private void room(int need) {
    if (need > times.length) {
      int cap = Math.max(need, times.length * 2);
      times = Arrays.copyOf(times, cap);
      values = Arrays.copyOf(values, cap);
    }
  }

  /** Copies the points into {@code t} and {@code v} from {@code at} on (they must have room). */
  public void copyTo(long[] t, double[] v, int at) {
    System.arraycopy(times, 0, t, at, size);
    System.arraycopy(values, 0, v, at, size);
  }

  public int size() {
    return size;
  }

  /**
   * A copy of the points {@code from} (inclusive) to {@code to} in columns exactly as long: what a
   * reader takes over without trimming them again, where this one is a buffer to be filled anew.
   */
  public Columns copyRange(int from, int to) {
    return new Columns(Arrays.copyOfRange(times, from, to), Arrays.copyOfRange(values, from, to));
  }

  /** Appends the points {@code from} (inclusive) to {@code to} of another column. */
  public void addRange(Columns other, int from, int to) {
    addAll(other.times, other.values, from, to - from);
  }

  /**
   * The times themselves, valid up to {@link #size()}: for a reader that takes the points over
   * (this object is not used after) or only reads them.
   */
  public long[] timeArray() {
    return times;
  }

  /** The values themselves, as {@link #timeArray()}. */
  public double[] valueArray() {
    return values;
  }

  public long time(int i) {
    return times[i];
  }

  public double value(int i) {
    return values[i];
  }

  public void clear() {
    size = 0;
  }

  /** Puts the points in time order (stable: of equal times the first added stays first). */
  public void sort() {
    for (int i = 1; i < size; i++) {
      if (times[i] < times[i - 1]) {
        Integer[] order = new Integer[size];
        for (int j = 0; j < size; j++) {
          order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        long[] t = new long[times.length];
        double[] v = new double[values.length];
        for (int j = 0; j < size; j++) {
          t[j] = times[order[j]];
          v[j] = values[order[j]];
        }
        times = t;
        values = v;
        return;
      }
    }
  }

  /**
   * This series' points (sorted) merged with {@code later} (sorted) into time order, one point per
   * time: where both hold a time, this one's value stays (it was stored first).
   */
  public Columns merge(Columns later) {
    if (later.size == 0) {
      return this;
    }
    if (size == 0) {
      return later;
    }
    Columns out = new Columns(size + later.size);
    int i = 0;
    int j = 0;
    while (i < size || j < later.size) {
      if (j == later.size || (i < size && times[i] <= later.times[j])) {
        if (j < later.size && times[i] == later.times[j]) {
          j++;
        }
        out.add(times[i], values[i]);
        i++;
      } else {
        out.add(later.times[j], later.values[j]);
        j++;
      }
    }
    return out;
  }

  /** Encodes points {@code [from, from + n)} (sorted, distinct times) as one block. */
  public byte[] encode(int from, int n) {
    return BlockCodec.encode(times, values, from, n);
  }
}
