package dev.tidemark.releases.compare;

import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.analysis.ReleaseDiff;
import dev.tidemark.query.analysis.Verdict;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.Arrays;
import java.util.Map;

/**
 * Performance part of a comparison: the query DSL's release diff (Hodges–Lehmann interval,
 * Mann–Whitney p-value, verdict) for every metric and operation both releases have. The direction
 * of a metric is the DSL's guess from its name (latency lower, throughput higher).
 */
public final class PerformanceDiff {
  /** Runs of each release kept in the result for the report's charts. */
  static final int CHART_RUNS = 200;

  private PerformanceDiff() {}

  public static JsonObject compute(
      Map<String, double[]> baseline,
      Map<String, double[]> candidate,
      double thresholdPct,
      double alpha,
      CriticalOperations critical) {
    JsonArray rows = new JsonArray();
    JsonArray regressed = new JsonArray();
    JsonArray improved = new JsonArray();
    JsonArray needsMore = new JsonArray();
    int blocking = 0;
    for (Map.Entry<String, double[]> e : candidate.entrySet()) {
      double[] base = baseline.get(e.getKey());
      if (base == null || base.length == 0 || e.getValue().length == 0) {
        continue;
      }
      String[] key = e.getKey().split("\t", 2);
      String metric = key[0];
      String op = key[1].isEmpty() ? null : key[1];
      Direction direction = Direction.guess(metric);
      ReleaseDiff d = ReleaseDiff.compare(base, e.getValue(), thresholdPct / 100, alpha, direction);
      boolean isCritical = critical.matches(metric, op);
      JsonObject row =
          new JsonObject()
              .put("metric", metric)
              .put("operation", op)
              .put("direction", direction.name().toLowerCase(java.util.Locale.ROOT))
              .put("baseline_runs", d.baselineRuns())
              .put("candidate_runs", d.candidateRuns())
              .put("baseline_median", finite(d.baselineMedian()))
              .put("candidate_median", finite(d.candidateMedian()))
              .put("baseline_p95", finite(d.baselineP95()))
              .put("candidate_p95", finite(d.candidateP95()))
              .put("delta_pct", finite(d.deltaPct()))
              .put("shift_pct", finite(d.shiftPct()))
              .put(
                  "interval_pct",
                  new JsonArray().add(finite(d.ciLowPct())).add(finite(d.ciHighPct())))
              .put("p_value", finite(d.pValue()))
              .put("verdict", d.verdict().name())
              .put("runs_needed", d.runsNeeded())
              .put("critical", isCritical);
      rows.add(row);
      if (d.verdict() == Verdict.REGRESSION) {
        regressed.add(
            row.copy()
                .put("baseline_values", tail(base))
                .put("candidate_values", tail(e.getValue())));
        if (isCritical) {
          blocking++;
        }
      } else if (d.verdict() == Verdict.IMPROVEMENT) {
        improved.add(row.copy());
      } else if (d.verdict() == Verdict.NEEDS_MORE_RUNS) {
        needsMore.add(row.copy());
      }
    }
    return new JsonObject()
        .put("threshold_pct", thresholdPct)
        .put("alpha", alpha)
        .put("metrics", rows)
        .put("regressed_operations", regressed)
        .put("improved_operations", improved)
        .put("needs_more_runs", needsMore)
        .put("blocking_regressions", blocking);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static JsonArray tail(double[] runs) {
    JsonArray out = new JsonArray();
    Arrays.stream(runs, Math.max(0, runs.length - CHART_RUNS), runs.length).forEach(out::add);
    return out;
  }
}
