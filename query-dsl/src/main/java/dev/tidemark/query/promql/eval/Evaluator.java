package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.lang.Functions;
import dev.tidemark.query.source.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a parsed PromQL expression at every step of a {@link Timeline}.
 *
 * <p>Design: each selector is read once per query with a raw ({@code NONE}) fetch covering every
 * step's window, and Prometheus' semantics (5-minute lookback for instant vectors, windows {@code
 * (t - range, t]}, extrapolated {@code rate}) are computed here in Java, so answers do not depend
 * on how the storage buckets. Histograms cannot be read raw; {@link HistogramFunctions} asks the
 * storage to merge them per window instead.
 */
public final class Evaluator {
  /** Prometheus' default lookback delta for instant vector selectors. */
  public static final long LOOKBACK_MS = 5 * 60_000;

  private final DataSource source;
  private final Timeline timeline;
  private final RawFetcher fetcher;

  public Evaluator(DataSource source, Timeline timeline, long maxSamples) {
    this.source = source;
    this.timeline = timeline;
    this.fetcher = new RawFetcher(source, maxSamples);
  }

  public Value eval(Expr e) {
    if (e instanceof Expr.NumberLit n) {
      double[] v = new double[timeline.size()];
      Arrays.fill(v, n.value());
      return new Value.Scalar(v);
    }
    if (e instanceof Expr.StringLit s) {
      return new Value.Str(s.value());
    }
    if (e instanceof Expr.Selector s) {
      return new Value.Vector(instantVector(s));
    }
    if (e instanceof Expr.RangeSelector r) {
      return matrix(r);
    }
    if (e instanceof Expr.Negate n) {
      return BinaryOps.apply("*", eval(n.expr()), scalar(-1), false);
    }
    if (e instanceof Expr.Binary b) {
      return BinaryOps.apply(b.op(), eval(b.lhs()), eval(b.rhs()), b.bool());
    }
    if (e instanceof Expr.Aggregate a) {
      double[] param = a.param() == null ? null : ((Value.Scalar) eval(a.param())).values();
      return new Value.Vector(
          Aggregations.apply(a, param, ((Value.Vector) eval(a.expr())).series(), timeline.size()));
    }
    return call((Expr.Call) e);
  }

  private Value.Scalar scalar(double x) {
    double[] v = new double[timeline.size()];
    Arrays.fill(v, x);
    return new Value.Scalar(v);
  }

  private Value call(Expr.Call c) {
    if (Functions.histogramFunction(c.function())) {
      return new HistogramFunctions(source, timeline).apply(c, this);
    }
    if (!c.args().isEmpty() && c.args().get(c.args().size() - 1) instanceof Expr.RangeSelector r) {
      double param =
          c.args().size() > 1 ? ((Value.Scalar) eval(c.args().get(0))).values()[0] : Double.NaN;
      return new Value.Vector(window(c.function(), param, r));
    }
    List<Value> args = new ArrayList<>();
    for (Expr a : c.args()) {
      args.add(eval(a));
    }
    return InstantFunctions.apply(c.function(), args, timeline);
  }

  private List<StepSeries> instantVector(Expr.Selector s) {
    List<StepSeries> out = new ArrayList<>();
    long[] times = timeline.times();
    for (Value.RawSeries raw :
        fetcher.fetchWithStaleness(s, timeline.first() - LOOKBACK_MS, timeline.last())) {
      StepSeries series = new StepSeries(raw.labels(), times.length);
      int hi = 0;
      for (int i = 0; i < times.length; i++) {
        while (hi < raw.times().length && raw.times()[hi] <= times[i]) {
          hi++;
        }
        // a NaN is a staleness marker: the series ended there
        if (hi > 0
            && raw.times()[hi - 1] > times[i] - LOOKBACK_MS
            && !Double.isNaN(raw.values()[hi - 1])) {
          series.set(i, raw.values()[hi - 1]);
        }
      }
      if (!series.isEmpty()) {
        out.add(series);
      }
    }
    return out;
  }

  private List<StepSeries> window(String f, double param, Expr.RangeSelector r) {
    long range = r.range().toMillis();
    long[] times = timeline.times();
    List<StepSeries> out = new ArrayList<>();
    for (Value.RawSeries raw :
        fetcher.fetch(r.selector(), timeline.first() - range, timeline.last())) {
      Map<String, String> labels =
          f.equals("last_over_time") ? raw.labels() : StepSeries.dropName(raw.labels());
      StepSeries series = new StepSeries(labels, times.length);
      int lo = 0;
      int hi = 0;
      long[] t = raw.times();
      for (int i = 0; i < times.length; i++) {
        while (hi < t.length && t[hi] <= times[i]) {
          hi++;
        }
        while (lo < hi && t[lo] <= times[i] - range) {
          lo++;
        }
        Double v =
            WindowFunctions.apply(f, param, t, raw.values(), lo, hi, times[i] - range, times[i]);
        if (v != null) {
          series.set(i, v);
        }
      }
      if (!series.isEmpty()) {
        out.add(series);
      }
    }
    return out;
  }

  private Value matrix(Expr.RangeSelector r) {
    if (timeline.size() != 1) {
      throw PromQlException.execution("a range vector can only be the result of an instant query");
    }
    long t = timeline.first();
    long range = r.range().toMillis();
    List<Value.RawSeries> out = new ArrayList<>();
    for (Value.RawSeries raw : fetcher.fetch(r.selector(), t - range, t)) {
      if (raw.times().length > 0) {
        out.add(raw);
      }
    }
    return new Value.Matrix(out);
  }
}
