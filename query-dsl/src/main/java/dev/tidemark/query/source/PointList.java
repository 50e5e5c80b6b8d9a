package dev.tidemark.query.source;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list of points kept as two columns, for data sources that read points into
 * arrays: a {@link Point} is built only when one is asked for, and the evaluator copies the columns
 * as they are ({@link #times()}, {@link #values()}) instead of unboxing point by point.
 */
public final class PointList extends AbstractList<Point> implements RandomAccess {
  private final long[] times;
  private final double[] values;
  private final int size;

  private PointList(long[] times, double[] values, int size) {
    this.times = times;
    this.values = values;
    this.size = size;
  }

  /** The first {@code size} points of the two columns (copied). */
  public static PointList of(long[] times, double[] values, int size) {
    check(times, values, size);
    return new PointList(Arrays.copyOf(times, size), Arrays.copyOf(values, size), size);
  }

  /**
   * The first {@code size} points of columns the caller fills again once this list has been read:
   * for a source that hands series over one at a time ({@link DataSource#fetchEach}) from one
   * buffer. The list is valid only until the call it is handed to returns.
   */
  public static PointList borrow(long[] times, double[] values, int size) {
    check(times, values, size);
    return new PointList(times, values, size);
  }

  /**
   * The first {@code size} points of the two columns, which the list takes over when they are
   * exactly that long (the caller hands them over and does not change them after) and copies
   * otherwise.
   */
  public static PointList adopt(long[] times, double[] values, int size) {
    check(times, values, size);
    return times.length == size && values.length == size
        ? new PointList(times, values, size)
        : of(times, values, size);
  }

  private static void check(long[] times, double[] values, int size) {
    if (size > times.length || size > values.length) {
      throw new IllegalArgumentException(
          "cannot build points: columns shorter than size [times="
              + times.length
              + ", values="
              + values.length
              + ", size="
              + size
              + "]");
    }
  }

  @Override
  public Point get(int index) {
    Objects.checkIndex(index, size);
    return new Point(times[index], values[index]);
  }

  @Override
  public int size() {
    return size;
  }

  /** A copy of the times (epoch milliseconds). */
  public long[] times() {
    return Arrays.copyOf(times, size);
  }

  /** A copy of the values. */
  public double[] values() {
    return Arrays.copyOf(values, size);
  }

  /**
   * The times themselves, not a copy, valid up to {@link #size()} (a borrowed list's are longer):
   * for a reader that does not change them.
   */
  public long[] sharedTimes() {
    return times;
  }

  /** The values themselves, as {@link #sharedTimes()}. */
  public double[] sharedValues() {
    return values;
  }
}
