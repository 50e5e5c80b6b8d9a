package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sum avg min max count group stddev stdvar quantile topk bottomk count_values} with {@code
 * by} or {@code without}, step by step over the series present at each step, with Prometheus 2.x's
 * arithmetic (incremental mean, Welford variance). {@code by} keeps the listed labels ({@code
 * __name__} too when listed); {@code without} drops the listed labels and the metric name; {@code
 * topk}/{@code bottomk} keep the selected series as they are.
 */
final class Aggregations {

  private Aggregations() {}

  static Value apply(Evaluator ev, Expr.Aggregate a) {
    int steps = ev.steps();
    double[] param =
        a.param() == null || a.op().equals("count_values") ? null : ev.scalarArg(a.param());
    List<StepSeries> in = ev.vectorArg(a.expr());
    if (a.op().equals("count_values")) {
      return countValues(a, ((Expr.StringLit) a.param()).value(), in, steps);
    }
    Map<Map<String, String>, List<StepSeries>> groups = new LinkedHashMap<>();
    for (StepSeries s : in) {
      groups.computeIfAbsent(key(a, s.labels()), k -> new ArrayList<>()).add(s);
    }
    boolean selectK = a.op().equals("topk") || a.op().equals("bottomk");
    SeriesSet out = new SeriesSet(steps);
    double[] values = new double[in.size()];
    List<List<StepSeries>> members = new ArrayList<>(groups.values());
    List<StepSeries> targets = new ArrayList<>();
    for (Map<String, String> key : groups.keySet()) {
      targets.add(selectK ? null : out.of(key));
    }
    for (int i = 0; i < steps; i++) {
      for (int g = 0; g < members.size(); g++) {
        if (selectK) {
          selectK(a.op().equals("topk"), param[i], members.get(g), i, out);
          continue;
        }
        int n = 0;
        for (StepSeries m : members.get(g)) {
          if (m.has(i)) {
            values[n++] = m.get(i);
          }
        }
        if (n > 0) {
          SeriesSet.put(
              targets.get(g), i, reduce(a.op(), param == null ? Double.NaN : param[i], values, n));
        }
      }
    }
    return new Value.Vector(out.list(), selectK);
  }

  /** The labels of a series' group (the output labels of every operator but topk/bottomk). */
  static Map<String, String> key(Expr.Aggregate a, Map<String, String> labels) {
    Map<String, String> key = new TreeMap<>();
    if (a.without()) {
      key.putAll(labels);
      key.remove("__name__");
      a.labels().forEach(key::remove);
      return key;
    }
    for (String l : a.labels()) {
      String v = labels.get(l);
      if (v != null && !v.isEmpty()) {
        key.put(l, v);
      }
    }
    return key;
  }

  private static double reduce(String op, double param, double[] v, int n) {
    switch (op) {
      case "sum":
        {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += v[i];
          }
          return s;
        }
      case "avg":
        return mean(v, n);
      case "count":
        return n;
      case "group":
        return 1;
      case "min":
        {
          double best = v[0];
          for (int i = 1; i < n; i++) {
            if (best > v[i] || Double.isNaN(best)) {
              best = v[i];
            }
          }
          return best;
        }
      case "max":
        {
          double best = v[0];
          for (int i = 1; i < n; i++) {
            if (best < v[i] || Double.isNaN(best)) {
              best = v[i];
            }
          }
          return best;
        }
      case "stddev":
        return Math.sqrt(variance(v, n));
      case "stdvar":
        return variance(v, n);
      case "quantile":
        return WindowFunctions.quantile(param, Arrays.copyOf(v, n));
      default:
        throw new IllegalArgumentException("cannot aggregate: unknown operator " + op);
    }
  }

  /** Prometheus' running mean, which never overflows and handles infinities. */
  private static double mean(double[] v, int n) {
    double mean = v[0];
    for (int i = 1; i < n; i++) {
      double count = i + 1;
      if (Double.isInfinite(mean)) {
        if (Double.isInfinite(v[i]) && (mean > 0) == (v[i] > 0)) {
          continue;
        }
        if (!Double.isInfinite(v[i]) && !Double.isNaN(v[i])) {
          continue;
        }
      }
      mean += v[i] / count - mean / count;
    }
    return mean;
  }

  /** Welford's update, as Prometheus' stddev/stdvar aggregate. */
  private static double variance(double[] v, int n) {
    double mean = v[0];
    double value = 0;
    for (int i = 1; i < n; i++) {
      double count = i + 1;
      double delta = v[i] - mean;
      mean += delta / count;
      value += delta * (v[i] - mean);
    }
    return value / n;
  }

  private static void selectK(
      boolean top, double kParam, List<StepSeries> members, int step, SeriesSet out) {
    if (!(Math.abs(kParam) < 9.2e18)) {
      throw PromQlException.execution("Scalar value " + kParam + " overflows int64");
    }
    long k = (long) kParam;
    if (k < 1) {
      return;
    }
    List<StepSeries> here = new ArrayList<>();
    for (StepSeries m : members) {
      if (m.has(step)) {
        here.add(m);
      }
    }
    here.sort(
        (x, y) -> {
          double a = x.get(step);
          double b = y.get(step);
          if (Double.isNaN(a) || Double.isNaN(b)) {
            return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
          }
          return top ? Double.compare(b, a) : Double.compare(a, b);
        });
    for (StepSeries m : here.subList(0, (int) Math.min(k, here.size()))) {
      out.add(m.labels(), step, m.get(step));
    }
  }

  private static Value countValues(Expr.Aggregate a, String label, List<StepSeries> in, int steps) {
    if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw PromQlException.execution("invalid label name \"" + label + "\"");
    }
    SeriesSet out = new SeriesSet(steps);
    for (int i = 0; i < steps; i++) {
      Map<Map<String, String>, Integer> counts = new LinkedHashMap<>();
      for (StepSeries s : in) {
        if (!s.has(i)) {
          continue;
        }
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.put(label, GoFloat.format(s.get(i)));
        Map<String, String> key;
        if (a.without()) {
          key = key(a, labels);
        } else {
          List<String> by = new ArrayList<>(a.labels());
          by.add(label);
          key = key(new Expr.Aggregate(a.op(), null, a.expr(), by, false, true), labels);
        }
        counts.merge(key, 1, Integer::sum);
      }
      final int step = i;
      counts.forEach((k, n) -> out.add(k, step, n));
    }
    return out.vector();
  }
}
