package dev.tidemark.query.source;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * An unmodifiable list of points kept as two columns, for data sources that read points into
 * arrays: a {@link Point} is built only when one is asked for, and the evaluator copies the columns
 * as they are ({@link #times()}, {@link #values()}) instead of unboxing point by point.
 */
public final class PointList extends AbstractList<Point> implements RandomAccess {
  private final long[] times;
  private final double[] values;

  private PointList(long[] times, double[] values) {
    this.times = times;
    this.values = values;
  }

  /** The first {@code size} points of the two columns (copied). */
  public static PointList of(long[] times, double[] values, int size) {
    check(times, values, size);
    return new PointList(Arrays.copyOf(times, size), Arrays.copyOf(values, size));
  }

  /**
   * The first {@code size} points of the two columns, which the list takes over when they are
   * exactly that long (the caller hands them over and does not change them after) and copies
   * otherwise.
   */
  public static PointList adopt(long[] times, double[] values, int size) {
    check(times, values, size);
    return times.length == size && values.length == size
        ? new PointList(times, values)
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
    return new Point(times[index], values[index]);
  }

  @Override
  public int size() {
    return times.length;
  }

  /** A copy of the times (epoch milliseconds). */
  public long[] times() {
    return times.clone();
  }

  /** A copy of the values. */
  public double[] values() {
    return values.clone();
  }

  /** The times themselves, not a copy: for a reader that does not change them. */
  public long[] sharedTimes() {
    return times;
  }

  /** The values themselves, not a copy: for a reader that does not change them. */
  public double[] sharedValues() {
    return values;
  }
}
