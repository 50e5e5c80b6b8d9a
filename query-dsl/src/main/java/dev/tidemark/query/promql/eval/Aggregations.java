package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.ast.Expr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sum avg min max count group stddev stdvar quantile topk bottomk} with {@code by} or {@code
 * without}, step by step over the series present at each step. The output drops {@code __name__};
 * {@code topk}/{@code bottomk} keep the selected series as they are.
 */
final class Aggregations {

  private Aggregations() {}

  static List<StepSeries> apply(Expr.Aggregate a, double[] param, List<StepSeries> in, int steps) {
    Map<Map<String, String>, List<StepSeries>> groups = new LinkedHashMap<>();
    for (StepSeries s : in) {
      groups.computeIfAbsent(key(a, s.labels()), k -> new ArrayList<>()).add(s);
    }
    List<StepSeries> out = new ArrayList<>();
    boolean topk = a.op().equals("topk") || a.op().equals("bottomk");
    groups.forEach(
        (key, members) -> {
          if (topk) {
            out.addAll(selectK(a.op().equals("topk"), param, members, steps));
            return;
          }
          StepSeries res = new StepSeries(key, steps);
          double[] values = new double[members.size()];
          for (int i = 0; i < steps; i++) {
            int n = 0;
            for (StepSeries m : members) {
              if (m.has(i)) {
                values[n++] = m.get(i);
              }
            }
            if (n > 0) {
              res.set(i, reduce(a.op(), param == null ? Double.NaN : param[i], values, n));
            }
          }
          if (!res.isEmpty()) {
            out.add(res);
          }
        });
    return out;
  }

  private static Map<String, String> key(Expr.Aggregate a, Map<String, String> labels) {
    Map<String, String> key = new TreeMap<>();
    if (!a.grouped()) {
      return key;
    }
    if (a.without()) {
      key.putAll(labels);
      key.remove("__name__");
      a.labels().forEach(key::remove);
      return key;
    }
    for (String l : a.labels()) {
      String v = labels.get(l);
      if (v != null && !l.equals("__name__")) {
        key.put(l, v);
      }
    }
    return key;
  }

  private static double reduce(String op, double param, double[] v, int n) {
    switch (op) {
      case "sum":
        return sum(v, n);
      case "avg":
        return sum(v, n) / n;
      case "count":
        return n;
      case "group":
        return 1;
      case "min":
      case "max":
        {
          double best = v[0];
          for (int i = 1; i < n; i++) {
            if (Double.isNaN(best) || (op.equals("min") ? v[i] < best : v[i] > best)) {
              best = v[i];
            }
          }
          return best;
        }
      case "stddev":
        return Math.sqrt(variance(v, n));
      case "stdvar":
        return variance(v, n);
      default: // quantile
        return WindowFunctions.quantile(param, java.util.Arrays.copyOf(v, n));
    }
  }

  private static double sum(double[] v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[i];
    }
    return s;
  }

  private static double variance(double[] v, int n) {
    double mean = sum(v, n) / n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += (v[i] - mean) * (v[i] - mean);
    }
    return ss / n;
  }

  private static List<StepSeries> selectK(
      boolean top, double[] k, List<StepSeries> members, int steps) {
    Map<StepSeries, StepSeries> picked = new LinkedHashMap<>();
    Comparator<StepSeries> order = null;
    for (int i = 0; i < steps; i++) {
      final int step = i;
      Comparator<StepSeries> byValue = Comparator.comparingDouble(s -> s.get(step));
      order = top ? byValue.reversed() : byValue;
      List<StepSeries> here = new ArrayList<>();
      for (StepSeries m : members) {
        if (m.has(i) && !Double.isNaN(m.get(i))) {
          here.add(m);
        }
      }
      here.sort(order);
      int limit = (int) Math.min(here.size(), Math.max(0, k[i]));
      for (StepSeries m : here.subList(0, limit)) {
        picked.computeIfAbsent(m, x -> new StepSeries(x.labels(), steps)).set(i, m.get(i));
      }
    }
    return new ArrayList<>(picked.values());
  }
}
