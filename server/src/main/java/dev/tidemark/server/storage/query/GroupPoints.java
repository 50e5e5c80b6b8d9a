package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.PointList;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.server.storage.block.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Result rows of one fetch, streamed into a pair of primitive arrays per group as they arrive, in
 * any order; each group is put in time order once, at the end, only if its rows came out of order.
 */
final class GroupPoints {
  private final long[][] times;
  private final double[][] values;
  private final int[] sizes;
  private final boolean[] unordered;
  private final int initialCapacity;
  private long total;

  /**
   * @param groups how many groups there are (numbered from 0)
   * @param expected how many points a group is expected to hold (sizes the first allocation)
   */
  GroupPoints(int groups, long expected) {
    this.times = new long[groups][];
    this.values = new double[groups][];
    this.sizes = new int[groups];
    this.unordered = new boolean[groups];
    this.initialCapacity = (int) Math.max(8, Math.min(expected, 4096));
  }

  void add(int group, long time, double value) {
    long[] t = times[group];
    int n = sizes[group];
    if (t == null) {
      t = times[group] = new long[initialCapacity];
      values[group] = new double[initialCapacity];
    } else if (n == t.length) {
      t = times[group] = Arrays.copyOf(t, n * 2);
      values[group] = Arrays.copyOf(values[group], n * 2);
    }
    if (n > 0 && time <= t[n - 1]) {
      unordered[group] = true;
    }
    t[n] = time;
    values[group][n] = value;
    sizes[group] = n + 1;
    total++;
  }

  /**
   * Adds every point of {@code points} to {@code group}, as {@link #add} would one by one. The
   * first columns a group gets are taken over, not copied: the caller does not use {@code points}
   * after.
   */
  void addAll(int group, Columns points) {
    int n = points.size();
    if (n == 0) {
      return;
    }
    int size = sizes[group];
    long[] t = times[group];
    if (t == null) {
      t = times[group] = points.timeArray();
      values[group] = points.valueArray();
    } else {
      if (size + n > t.length) {
        int cap = Math.max(size + n, size * 2);
        t = times[group] = Arrays.copyOf(t, cap);
        values[group] = Arrays.copyOf(values[group], cap);
      }
      points.copyTo(t, values[group], size);
    }
    for (int i = Math.max(1, size); i < size + n && !unordered[group]; i++) {
      unordered[group] = t[i] <= t[i - 1];
    }
    sizes[group] = size + n;
    total += n;
  }

  /** Points added so far, over all groups. */
  long total() {
    return total;
  }

  /** One series per group that holds points, labelled with its group key. */
  List<SeriesData> series(List<Map<String, String>> keys) {
    List<SeriesData> out = new ArrayList<>();
    for (int g = 0; g < sizes.length; g++) {
      int n = sizes[g];
      if (n == 0) {
        continue;
      }
      if (unordered[g]) {
        sort(times[g], values[g], n);
      }
      out.add(new SeriesData(keys.get(g), PointList.adopt(times[g], values[g], n)));
    }
    return out;
  }

  /** Puts the first {@code n} points in (time, value) order, as a raw read orders them. */
  private static void sort(long[] times, double[] values, int n) {
    Point[] points = new Point[n];
    for (int i = 0; i < n; i++) {
      points[i] = new Point(times[i], values[i]);
    }
    Arrays.sort(points, Comparator.comparingLong(Point::time).thenComparingDouble(Point::value));
    for (int i = 0; i < n; i++) {
      times[i] = points[i].time();
      values[i] = points[i].value();
    }
  }
}
