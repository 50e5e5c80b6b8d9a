package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.ast.Expr;
import java.util.Map;

/**
 * Calls of functions over a range vector ({@code rate(x[5m])}, {@code quantile_over_time(0.9,
 * x[5m])}, {@code predict_linear(x[1h], 600)}, {@code absent_over_time(x[5m])}, …): per series and
 * step, the samples in the step's window go to {@link WindowFunctions}; a window without samples
 * gives nothing. Every function but {@code last_over_time} drops the metric name.
 */
final class RangeFunctions {

  private RangeFunctions() {}

  static Value apply(Evaluator ev, Expr.Call c, int matrixArg) {
    String f = c.function();
    double[][] params = new double[c.args().size()][];
    for (int i = 0; i < c.args().size(); i++) {
      if (i != matrixArg) {
        params[i] = ev.scalarArg(c.args().get(i));
      }
    }
    Windows w = Windows.of(ev, c.args().get(matrixArg));
    long[] refs = w.refs();
    long[] stepTimes = ev.timeline.times();
    int steps = refs.length;
    SeriesSet out = new SeriesSet(steps);
    boolean[] seen = new boolean[steps];
    w.forEach(
        s -> {
          StepSeries target =
              f.equals("absent_over_time")
                  ? null
                  : out.of(
                      f.equals("last_over_time") ? s.labels() : StepSeries.dropName(s.labels()));
          long[] t = s.times();
          double[] v = s.values();
          int n = s.size();
          int lo = 0;
          int hi = 0;
          for (int i = 0; i < steps; i++) {
            while (hi < n && t[hi] <= refs[i]) {
              hi++;
            }
            while (lo < hi && t[lo] < refs[i] - w.range()) {
              lo++;
            }
            if (lo == hi) {
              continue;
            }
            seen[i] = true;
            if (target == null) {
              continue;
            }
            double first = params[0] == null ? Double.NaN : params[0][i];
            double second = params.length > 1 && params[1] != null ? params[1][i] : Double.NaN;
            double third = params.length > 2 && params[2] != null ? params[2][i] : Double.NaN;
            Double r =
                WindowFunctions.apply(
                    f,
                    matrixArg == 0 ? second : first,
                    third,
                    t,
                    v,
                    lo,
                    hi,
                    refs[i] - w.range(),
                    refs[i],
                    stepTimes[i]);
            if (r != null) {
              SeriesSet.put(target, i, r);
            }
          }
        });
    if (f.equals("absent_over_time")) {
      SeriesSet absent = new SeriesSet(steps);
      Map<String, String> labels = InstantFunctions.absentLabels(c.args().get(0));
      for (int i = 0; i < steps; i++) {
        if (!seen[i]) {
          absent.add(labels, i, 1);
        }
      }
      return absent.vector();
    }
    return out.vector();
  }
}
