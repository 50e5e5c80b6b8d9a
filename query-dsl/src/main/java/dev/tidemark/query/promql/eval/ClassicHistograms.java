package dev.tidemark.query.promql.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code histogram_quantile} over classic Prometheus histograms ({@code _bucket} series with an
 * {@code le} label, as remote_write delivers them), over any instant vector, computed as Prometheus
 * does: per step, the samples with a parseable {@code le} grouped by all their other labels (the
 * metric name included), buckets sorted by upper bound, equal bounds merged, cumulative counts made
 * monotonic, then linear interpolation inside the bucket holding the rank. NaN without a {@code
 * +Inf} bucket or without observations. Samples without {@code le} are ignored; the answer drops
 * the metric name and {@code le}.
 */
final class ClassicHistograms {

  private ClassicHistograms() {}

  static Value.Vector quantile(double[] phi, List<StepSeries> in, int steps) {
    Map<Map<String, String>, List<StepSeries>> groups = new LinkedHashMap<>();
    Map<StepSeries, Double> bounds = new LinkedHashMap<>();
    for (StepSeries s : in) {
      double bound = parseBound(s.labels().get("le"));
      if (Double.isNaN(bound)) {
        continue;
      }
      bounds.put(s, bound);
      Map<String, String> key = new TreeMap<>(s.labels());
      key.remove("le");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    SeriesSet out = new SeriesSet(steps);
    groups.forEach(
        (key, members) -> {
          Map<String, String> labels = StepSeries.dropName(key);
          for (int i = 0; i < steps; i++) {
            List<double[]> present = new ArrayList<>();
            for (StepSeries m : members) {
              if (m.has(i)) {
                present.add(new double[] {bounds.get(m), m.get(i)});
              }
            }
            if (!present.isEmpty()) {
              out.add(labels, i, bucketQuantile(phi[i], present));
            }
          }
        });
    return out.vector();
  }

  /** An {@code le} value as Go's ParseFloat reads it; NaN when it does not parse. */
  static double parseBound(String le) {
    if (le == null) {
      return Double.NaN;
    }
    String s = le.strip();
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "+inf":
      case "inf":
      case "+infinity":
      case "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!s.equals(le)
        || s.isEmpty()
        || s.endsWith("d")
        || s.endsWith("f")
        || s.endsWith("D")
        || s.endsWith("F")) {
      return Double.NaN; // Java also reads "1d", "1f" and surrounding blanks; Go does not
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Prometheus' {@code bucketQuantile}; {@code b} = (upper bound, cumulative count). */
  static double bucketQuantile(double q, List<double[]> b) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[][] sorted = b.toArray(new double[0][]);
    Arrays.sort(sorted, (x, y) -> Double.compare(x[0], y[0]));
    if (sorted[sorted.length - 1][0] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    // merge buckets with the same upper bound
    List<double[]> buckets = new ArrayList<>();
    for (double[] x : sorted) {
      double[] last = buckets.isEmpty() ? null : buckets.get(buckets.size() - 1);
      if (last != null && last[0] == x[0]) {
        last[1] += x[1];
      } else {
        buckets.add(new double[] {x[0], x[1]});
      }
    }
    double max = buckets.get(0)[1];
    for (int i = 1; i < buckets.size(); i++) {
      if (buckets.get(i)[1] > max) {
        max = buckets.get(i)[1];
      } else if (buckets.get(i)[1] < max) {
        buckets.get(i)[1] = max;
      }
    }
    if (buckets.size() < 2) {
      return Double.NaN;
    }
    int last = buckets.size() - 1;
    double observations = buckets.get(last)[1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int k = 0;
    while (k < last && buckets.get(k)[1] < rank) {
      k++;
    }
    if (k == last) {
      return buckets.get(last - 1)[0];
    }
    if (k == 0 && buckets.get(0)[0] <= 0) {
      return buckets.get(0)[0];
    }
    double start = 0;
    double end = buckets.get(k)[0];
    double count = buckets.get(k)[1];
    if (k > 0) {
      start = buckets.get(k - 1)[0];
      count -= buckets.get(k - 1)[1];
      rank -= buckets.get(k - 1)[1];
    }
    return start + (end - start) * (rank / count);
  }
}
