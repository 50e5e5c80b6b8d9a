package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.lang.Functions;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Functions of instant vectors and scalars: math, dates, clamps, labels, {@code scalar}, {@code
 * vector}, {@code absent}, {@code timestamp}, sorting and classic {@code histogram_quantile}. Each
 * runs step by step; functions that compute a new value drop the metric name.
 */
final class InstantFunctions {

  private InstantFunctions() {}

  static Value apply(Evaluator ev, Expr.Call c) {
    String f = c.function();
    int steps = ev.steps();
    switch (f) {
      case "time":
        {
          double[] v = new double[steps];
          for (int i = 0; i < steps; i++) {
            v[i] = ev.timeline.times()[i] / 1000.0;
          }
          return new Value.Scalar(v);
        }
      case "pi":
        return ev.scalar(Math.PI);
      case "vector":
        {
          double[] s = ev.scalarArg(c.args().get(0));
          SeriesSet out = new SeriesSet(steps);
          for (int i = 0; i < steps; i++) {
            out.add(Map.of(), i, s[i]);
          }
          return out.vector();
        }
      case "scalar":
        return scalar(ev.vectorArg(c.args().get(0)), steps);
      case "timestamp":
        return timestamp(ev, c.args().get(0));
      case "absent":
        return absent(ev, c.args().get(0));
      case "sort":
      case "sort_desc":
        return Sorting.byValue(f.equals("sort_desc"), ev.vectorArg(c.args().get(0)));
      case "sort_by_label":
      case "sort_by_label_desc":
        return Sorting.byLabels(
            f.equals("sort_by_label_desc"), ev.vectorArg(c.args().get(0)), strings(c, 1));
      case "label_replace":
        return Labels.replace(ev.vectorArg(c.args().get(0)), strings(c, 1), steps);
      case "label_join":
        return Labels.join(ev.vectorArg(c.args().get(0)), strings(c, 1), steps);
      case "histogram_quantile":
        return ClassicHistograms.quantile(
            ev.scalarArg(c.args().get(0)), ev.vectorArg(c.args().get(1)), steps);
      case "histogram_fraction":
      case "histogram_count":
      case "histogram_sum":
      case "histogram_avg":
      case "histogram_stddev":
      case "histogram_stdvar":
        // float samples carry no histogram: Prometheus returns nothing for them
        ev.eval(c.args().get(c.args().size() - 1));
        return new Value.Vector(List.of());
      default:
        break;
    }
    if (Functions.DATES.contains(f)) {
      return Dates.apply(ev, f, c.args());
    }
    List<StepSeries> in = ev.vectorArg(c.args().get(0));
    double[][] params = new double[c.args().size()][];
    for (int i = 1; i < c.args().size(); i++) {
      params[i] = ev.scalarArg(c.args().get(i));
    }
    SeriesSet out = new SeriesSet(steps);
    for (StepSeries s : in) {
      StepSeries labels = out.of(StepSeries.dropName(s.labels()));
      for (int i = 0; i < steps; i++) {
        if (!s.has(i)) {
          continue;
        }
        double x = s.get(i);
        switch (f) {
          case "clamp":
            if (params[2][i] < params[1][i]) {
              continue;
            }
            SeriesSet.put(labels, i, Math.max(params[1][i], Math.min(params[2][i], x)));
            break;
          case "clamp_min":
            SeriesSet.put(labels, i, Math.max(params[1][i], x));
            break;
          case "clamp_max":
            SeriesSet.put(labels, i, Math.min(params[1][i], x));
            break;
          case "round":
            {
              double inverse = 1.0 / (params.length > 1 ? params[1][i] : 1);
              SeriesSet.put(labels, i, Math.floor(x * inverse + 0.5) / inverse);
              break;
            }
          default:
            SeriesSet.put(labels, i, MathFunctions.apply(f, x));
        }
      }
    }
    return out.vector();
  }

  private static List<String> strings(Expr.Call c, int from) {
    List<String> out = new ArrayList<>();
    for (Expr a : c.args().subList(from, c.args().size())) {
      out.add(((Expr.StringLit) a).value());
    }
    return out;
  }

  private static Value scalar(List<StepSeries> v, int steps) {
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      int n = 0;
      double x = Double.NaN;
      for (StepSeries s : v) {
        if (s.has(i)) {
          n++;
          x = s.get(i);
        }
      }
      out[i] = n == 1 ? x : Double.NaN;
    }
    return new Value.Scalar(out);
  }

  /**
   * {@code timestamp(v)}: for a selector, when each step's sample was taken; for anything else, the
   * evaluation time (the time every computed sample carries).
   */
  private static Value timestamp(Evaluator ev, Expr arg) {
    if (arg instanceof Expr.Selector s) {
      return Selection.timestamps(ev, s);
    }
    SeriesSet out = new SeriesSet(ev.steps());
    for (StepSeries s : ev.vectorArg(arg)) {
      Map<String, String> labels = StepSeries.dropName(s.labels());
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          out.add(labels, i, ev.timeline.times()[i] / 1000.0);
        }
      }
    }
    return out.vector();
  }

  private static Value absent(Evaluator ev, Expr arg) {
    List<StepSeries> in = ev.vectorArg(arg);
    SeriesSet out = new SeriesSet(ev.steps());
    Map<String, String> labels = absentLabels(arg);
    for (int i = 0; i < ev.steps(); i++) {
      boolean any = false;
      for (StepSeries s : in) {
        if (s.has(i)) {
          any = true;
          break;
        }
      }
      if (!any) {
        out.add(labels, i, 1);
      }
    }
    return out.vector();
  }

  /**
   * The labels of {@code absent}'s answer: those a selector's equality matchers pin down (a label
   * matched twice, or by another operator, is left out), and none for any other argument.
   */
  static Map<String, String> absentLabels(Expr arg) {
    Expr.Selector s =
        arg instanceof Expr.Selector sel
            ? sel
            : arg instanceof Expr.RangeSelector r ? r.selector() : null;
    Map<String, String> out = new TreeMap<>();
    if (s == null) {
      return out;
    }
    Set<String> has = new HashSet<>();
    for (LabelMatcher m : s.matchers()) {
      if (m.name().equals("__name__")) {
        continue;
      }
      if (m.op() == MatchOp.EQ && !has.contains(m.name())) {
        if (!m.value().isEmpty()) {
          out.put(m.name(), m.value());
        } else {
          out.remove(m.name());
        }
        has.add(m.name());
      } else {
        out.remove(m.name());
      }
    }
    return out;
  }
}
