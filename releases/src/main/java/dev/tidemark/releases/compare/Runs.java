package dev.tidemark.releases.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a release's measurements into runs per metric and operation ({@code metric TAB
 * operation}). A gauge's sample is one run. A counter (a metric named {@code *_total}, the
 * OpenMetrics counter suffix) is a running total: comparing totals compares how long each release
 * ran, so a counter's run is its per-second rate between two consecutive samples of one series,
 * with a drop read as a restart from zero (as Prometheus' {@code rate} reads it).
 */
public final class Runs {
  private final Map<String, List<Double>> runs = new LinkedHashMap<>();
  private final Map<Long, double[]> lastOfSeries = new HashMap<>();

  public static boolean isCounter(String metric) {
    return metric.endsWith("_total");
  }

  public static String key(String metric, String operation) {
    return metric + "\t" + (operation == null ? "" : operation);
  }

  /** Samples of one series must come in time order. */
  public Runs add(String metric, String operation, long seriesId, long tsMillis, double value) {
    List<Double> out = runs.computeIfAbsent(key(metric, operation), k -> new ArrayList<>());
    if (!isCounter(metric)) {
      out.add(value);
      return this;
    }
    double[] last = lastOfSeries.put(seriesId, new double[] {tsMillis, value});
    if (last != null && tsMillis > last[0]) {
      double increase = value >= last[1] ? value - last[1] : value;
      out.add(increase / ((tsMillis - last[0]) / 1000.0));
    }
    return this;
  }

  /** Runs in the order they were added; metrics without a run yet (one counter sample) left out. */
  public Map<String, double[]> build() {
    Map<String, double[]> out = new LinkedHashMap<>();
    runs.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray());
          }
        });
    return out;
  }
}
