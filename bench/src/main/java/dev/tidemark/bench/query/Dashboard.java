package dev.tidemark.bench.query;

import dev.tidemark.server.storage.block.Columns;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The panels of a dashboard over {@code series} counters of {@code jobs} jobs, each panel one read
 * through {@link PointReads} and the same evaluation in Java afterwards, so that two clients answer
 * the same queries with the same arithmetic:
 *
 * <ul>
 *   <li>{@code sum by (job) (rate(m[5m]))} over the last hour at a 60 s step, every series (raw);
 *   <li>the same for one job's series (raw), twice per refresh;
 *   <li>a 3-hour DSL trend, {@code avg by (job)} from the 5m tier, every series;
 *   <li>a 3-hour trend of one job from the 1m tier;
 *   <li>the series endpoint for the metric.
 * </ul>
 *
 * Each panel answers a checksum of its result, so the clients' answers can be compared.
 */
final class Dashboard {
  static final long STEP_MS = 60_000;
  static final long WINDOW_MS = 300_000;

  /**
   * One panel: what it is called, whether it reads raw points, the read and evaluation behind it.
   */
  record Panel(String name, boolean raw, Function<PointReads, Future<Double>> run) {}

  private Dashboard() {}

  /**
   * @param ids every series' id, in id order
   * @param jobOf the job number of each series, by position in {@code ids}
   * @param now the end of every range (a multiple of 5 minutes)
   */
  static List<Panel> panels(
      String metric, long[] ids, int[] jobOf, int jobs, long now, boolean blocks) {
    long[] job0 = ofJob(ids, jobOf, 0);
    long[] job1 = ofJob(ids, jobOf, 1);
    int[] jobsOf0 = new int[job0.length];
    long hourAgo = now - 3_600_000;
    long threeHours = now - 3 * 3_600_000;
    List<Panel> out = new ArrayList<>();
    out.add(
        new Panel(
            "rate by job, all series, 1 h",
            true,
            r ->
                r.raw(ids, hourAgo - WINDOW_MS, now, blocks)
                    .map(c -> rateSumBy(c, jobOf, jobs, hourAgo, now))));
    out.add(
        new Panel(
            "rate, one job, 1 h",
            true,
            r ->
                r.raw(job0, hourAgo - WINDOW_MS, now, blocks)
                    .map(c -> rateSumBy(c, jobsOf0, 1, hourAgo, now))));
    out.add(
        new Panel(
            "trend by job from 5m, 3 h",
            false,
            r ->
                r.tier("samples_5m", ids, threeHours, now)
                    .map(c -> avgBy(c, jobOf, jobs, threeHours, now, 300_000))));
    out.add(
        new Panel(
            "rate, another job, 1 h",
            true,
            r ->
                r.raw(job1, hourAgo - WINDOW_MS, now, blocks)
                    .map(c -> rateSumBy(c, new int[job1.length], 1, hourAgo, now))));
    out.add(
        new Panel(
            "trend of one job from 1m, 3 h",
            false,
            r ->
                r.tier("samples_1m", job0, threeHours, now)
                    .map(c -> avgBy(c, jobsOf0, 1, threeHours, now, 60_000))));
    out.add(
        new Panel(
            "series endpoint",
            false,
            r ->
                r.series(metric)
                    .map(
                        list -> {
                          double sum = 0;
                          for (PointReads.Series s : list) {
                            sum += s.id() + s.labels().get("job").length();
                          }
                          return sum;
                        })));
    return out;
  }

  private static long[] ofJob(long[] ids, int[] jobOf, int job) {
    return java.util.stream.IntStream.range(0, ids.length)
        .filter(i -> jobOf[i] == job)
        .mapToLong(i -> ids[i])
        .toArray();
  }

  /**
   * {@code sum by (group) (rate(m[5m]))} at each step in {@code (from, to]}: per series, the
   * counter's increase over the window (a drop is a reset: the new value counts) over its seconds.
   */
  static double rateSumBy(Columns[] series, int[] groupOf, int groups, long from, long to) {
    int steps = (int) ((to - from) / STEP_MS);
    double[][] sums = new double[groups][steps];
    for (int s = 0; s < series.length; s++) {
      Columns c = series[s];
      int n = c.size();
      if (n < 2) {
        continue;
      }
      long[] times = new long[n];
      double[] increase = new double[n];
      times[0] = c.time(0);
      for (int i = 1; i < n; i++) {
        times[i] = c.time(i);
        double d = c.value(i) - c.value(i - 1);
        increase[i] = increase[i - 1] + (d >= 0 ? d : c.value(i));
      }
      for (int k = 0; k < steps; k++) {
        long t = from + (k + 1) * STEP_MS;
        int lo = firstAfter(times, t - WINDOW_MS);
        int hi = firstAfter(times, t) - 1;
        if (hi > lo) {
          sums[groupOf[s]][k] += (increase[hi] - increase[lo]) / (WINDOW_MS / 1000.0);
        }
      }
    }
    return checksum(sums);
  }

  /** The mean of bucket means per group and bucket of {@code width} in {@code [from, to)}. */
  static double avgBy(Columns[] series, int[] groupOf, int groups, long from, long to, long width) {
    int buckets = (int) ((to - from) / width);
    double[][] sums = new double[groups][buckets];
    int[][] counts = new int[groups][buckets];
    for (int s = 0; s < series.length; s++) {
      Columns c = series[s];
      for (int i = 0; i < c.size(); i++) {
        int b = (int) ((c.time(i) - from) / width);
        sums[groupOf[s]][b] += c.value(i);
        counts[groupOf[s]][b]++;
      }
    }
    for (int g = 0; g < groups; g++) {
      for (int b = 0; b < buckets; b++) {
        sums[g][b] = counts[g][b] == 0 ? 0 : sums[g][b] / counts[g][b];
      }
    }
    return checksum(sums);
  }

  private static int firstAfter(long[] times, long t) {
    int i = Arrays.binarySearch(times, t);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private static double checksum(double[][] values) {
    double sum = 0;
    for (double[] row : values) {
      for (int i = 0; i < row.length; i++) {
        sum += row[i] * (i + 1);
      }
    }
    return sum;
  }
}
