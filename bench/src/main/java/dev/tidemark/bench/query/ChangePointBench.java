package dev.tidemark.bench.query;

import dev.tidemark.bench.Table;
import dev.tidemark.query.analysis.ChangePoints;
import java.util.Locale;
import java.util.Random;

/**
 * Change-point detection time on 10,000 points, and how it grows from 1,000: the baseline is the
 * same detection on 1,000 points, so the ratio shows the growth (10× for linear, 100× for
 * quadratic).
 */
public final class ChangePointBench {
  public void run(Table table) {
    double small = seconds(1_000);
    double large = seconds(10_000);
    table.add(
        "change points on 10,000 points, ms",
        String.format(Locale.ROOT, "%.1f", large * 1000),
        String.format(Locale.ROOT, "1,000 points %.1f ms", small * 1000),
        large / small,
        "< 1000 ms; growth shown by the ratio");
  }

  /** Best of five runs over a series with three level shifts and 2% noise. */
  private static double seconds(int n) {
    Random random = new Random(n);
    long[] times = new long[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = i * 60_000L;
      double level = i < n / 4 ? 100 : i < n / 2 ? 110 : i < 3 * n / 4 ? 95 : 105;
      x[i] = level * (1 + 0.02 * random.nextGaussian());
    }
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long start = System.nanoTime();
      ChangePoints.detect(times, x, ChangePoints.Options.defaults());
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }
}
