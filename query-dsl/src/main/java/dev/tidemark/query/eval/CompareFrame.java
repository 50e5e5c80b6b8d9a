package dev.tidemark.query.eval;

import dev.tidemark.query.analysis.ReleaseDiff;
import dev.tidemark.query.plan.Plan;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One table row per group: each release's runs, the statistics and the verdict. */
final class CompareFrame {

  static final List<String> STAT_COLUMNS =
      List.of(
          "baseline_runs",
          "candidate_runs",
          "baseline_median",
          "baseline_p95",
          "candidate_median",
          "candidate_p95",
          "delta_pct",
          "shift_pct",
          "ci_low_pct",
          "ci_high_pct",
          "p_value",
          "verdict",
          "runs_needed");

  private CompareFrame() {}

  static Frame of(Plan.Compare plan, List<SeriesData> baseline, List<SeriesData> candidate) {
    Map<Map<String, String>, double[]> b = runs(baseline);
    Map<Map<String, String>, double[]> c = runs(candidate);
    TreeMap<String, Map<String, String>> groups = new TreeMap<>();
    for (Map<String, String> k : b.keySet()) {
      groups.put(new TreeMap<>(k).toString(), k);
    }
    for (Map<String, String> k : c.keySet()) {
      groups.put(new TreeMap<>(k).toString(), k);
    }
    List<String> columns = new ArrayList<>(plan.groupLabels());
    columns.addAll(STAT_COLUMNS);
    List<List<Object>> rows = new ArrayList<>();
    for (Map<String, String> key : groups.values()) {
      List<Object> row = new ArrayList<>();
      for (String l : plan.groupLabels()) {
        row.add(key.get(l));
      }
      double[] x = b.getOrDefault(key, new double[0]);
      double[] y = c.getOrDefault(key, new double[0]);
      if (x.length == 0 || y.length == 0) {
        row.addAll(Arrays.asList(x.length, y.length));
        for (int i = 2; i < STAT_COLUMNS.size(); i++) {
          row.add(STAT_COLUMNS.get(i).equals("verdict") ? "NEEDS_MORE_RUNS" : null);
        }
      } else {
        ReleaseDiff d = ReleaseDiff.compare(x, y, plan.threshold(), plan.alpha(), plan.direction());
        row.addAll(
            Arrays.asList(
                d.baselineRuns(),
                d.candidateRuns(),
                d.baselineMedian(),
                d.baselineP95(),
                d.candidateMedian(),
                d.candidateP95(),
                d.deltaPct(),
                d.shiftPct(),
                d.ciLowPct(),
                d.ciHighPct(),
                d.pValue(),
                d.verdict().name(),
                d.runsNeeded()));
      }
      rows.add(row);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("baseline", plan.baseline());
    meta.put("candidate", plan.candidate());
    meta.put("thresholdPct", plan.threshold() * 100);
    meta.put("alpha", plan.alpha());
    meta.put("direction", plan.direction().name());
    return new Frame(
        "compare release " + plan.baseline() + " to " + plan.candidate(),
        Map.of("metric", plan.metric()),
        columns,
        rows,
        meta);
  }

  private static Map<Map<String, String>, double[]> runs(List<SeriesData> data) {
    Map<Map<String, String>, double[]> out = new LinkedHashMap<>();
    for (SeriesData s : data) {
      double[] v = s.points().stream().mapToDouble(Point::value).toArray();
      out.merge(
          s.labels(),
          v,
          (a, bb) -> {
            double[] all = Arrays.copyOf(a, a.length + bb.length);
            System.arraycopy(bb, 0, all, a.length, bb.length);
            return all;
          });
    }
    return out;
  }
}
