package dev.tidemark.query.promql.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code histogram_quantile} over classic Prometheus histograms ({@code _bucket} counters with an
 * {@code le} label, as remote_write delivers them), computed as Prometheus does: per step, the
 * buckets of each label set (without {@code le}) sorted by upper bound, cumulative counts made
 * monotonic, linear interpolation inside the bucket holding the rank; NaN without a {@code +Inf}
 * bucket or without observations.
 */
final class ClassicHistograms {

  private ClassicHistograms() {}

  static Value.Vector quantile(double[] phi, List<StepSeries> buckets) {
    Map<Map<String, String>, List<StepSeries>> groups = new LinkedHashMap<>();
    Map<StepSeries, Double> bounds = new LinkedHashMap<>();
    for (StepSeries s : buckets) {
      String le = s.labels().get("le");
      if (le == null) {
        continue;
      }
      double bound;
      try {
        bound =
            le.equals("+Inf") || le.equals("Inf")
                ? Double.POSITIVE_INFINITY
                : Double.parseDouble(le); // Java reads "1", "0.5", "1e-3"; Infinity too
      } catch (NumberFormatException e) {
        continue;
      }
      bounds.put(s, bound);
      Map<String, String> key = new TreeMap<>(StepSeries.dropName(s.labels()));
      key.remove("le");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    List<StepSeries> out = new ArrayList<>();
    groups.forEach(
        (key, members) -> {
          members.sort((a, b) -> Double.compare(bounds.get(a), bounds.get(b)));
          StepSeries res = new StepSeries(key, phi.length);
          for (int i = 0; i < phi.length; i++) {
            List<double[]> present = new ArrayList<>();
            for (StepSeries m : members) {
              if (m.has(i)) {
                present.add(new double[] {bounds.get(m), m.get(i)});
              }
            }
            if (!present.isEmpty()) {
              res.set(i, bucketQuantile(phi[i], present));
            }
          }
          if (!res.isEmpty()) {
            out.add(res);
          }
        });
    return new Value.Vector(out);
  }

  /** Prometheus' {@code bucketQuantile}; {@code b} = (upper bound, cumulative count), sorted. */
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
    int last = b.size() - 1;
    if (b.size() < 2 || b.get(last)[0] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    for (int i = 1; i < b.size(); i++) {
      if (b.get(i)[1] < b.get(i - 1)[1]) {
        b.get(i)[1] = b.get(i - 1)[1];
      }
    }
    double observations = b.get(last)[1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int k = 0;
    while (k < last && b.get(k)[1] < rank) {
      k++;
    }
    if (k == last) {
      return b.get(last - 1)[0];
    }
    if (k == 0 && b.get(0)[0] <= 0) {
      return b.get(0)[0];
    }
    double start = 0;
    double end = b.get(k)[0];
    double count = b.get(k)[1];
    if (k > 0) {
      start = b.get(k - 1)[0];
      count -= b.get(k - 1)[1];
      rank -= b.get(k - 1)[1];
    }
    return start + (end - start) * (rank / count);
  }
}
