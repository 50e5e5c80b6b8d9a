package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.SampleBudget;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;
import dev.tidemark.query.promql.lang.HistogramShape;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates a parsed PromQL expression at every step of a {@link Timeline}, with Prometheus 2.x
 * semantics: an instant vector takes the newest sample in {@code [t - 5m, t]} unless a staleness
 * marker came after it, a range vector holds the samples in {@code [t - range, t]}, {@code offset}
 * and {@code @} move {@code t} (the reference time) per selector or subquery.
 *
 * <p>Design: each selector is read once per query with a raw ({@code NONE}) fetch covering every
 * step's window, and the language is computed here in Java over columns, so answers do not depend
 * on how the storage buckets. A subquery evaluates its expression with a child evaluator on the
 * absolute grid of its step. Histograms cannot be read raw; {@link HistogramFunctions} asks the
 * storage to merge them per window instead.
 */
public final class Evaluator {
  /** Prometheus' default lookback delta for instant vector selectors. */
  public static final long LOOKBACK_MS = 5 * 60_000;

  /** The histogram functions the storage answers over native histograms. */
  private static final java.util.Set<String> NATIVE =
      java.util.Set.of("histogram_quantile", "histogram_count", "histogram_sum", "histogram_avg");

  /** The step of a subquery without one: Prometheus' default evaluation interval. */
  public static final long DEFAULT_SUBQUERY_STEP_MS = 60_000;

  final DataSource source;
  final Timeline timeline;
  final RawFetcher fetcher;
  final long queryStart;
  final long queryEnd;

  public Evaluator(DataSource source, Timeline timeline, long maxSamples) {
    this(source, timeline, maxSamples, SampleBudget.unlimited());
  }

  /** An evaluator whose reads count against {@code budget} too, until {@link #release}. */
  public Evaluator(DataSource source, Timeline timeline, long maxSamples, SampleBudget budget) {
    this(
        source,
        timeline,
        new RawFetcher(source, maxSamples, budget),
        timeline.first(),
        timeline.last());
  }

  /** Gives back the samples this query took from its budget: call once it is evaluated. */
  public void release() {
    fetcher.release();
  }

  private Evaluator(
      DataSource source, Timeline timeline, RawFetcher fetcher, long queryStart, long queryEnd) {
    this.source = source;
    this.timeline = timeline;
    this.fetcher = fetcher;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
  }

  /** An evaluator over other steps that shares the query's sample budget and start/end. */
  Evaluator child(Timeline steps) {
    return new Evaluator(source, steps, fetcher, queryStart, queryEnd);
  }

  int steps() {
    return timeline.size();
  }

  public Value eval(Expr e) {
    if (e instanceof Expr.NumberLit n) {
      return scalar(n.value());
    }
    if (e instanceof Expr.StringLit s) {
      return new Value.Str(s.value());
    }
    if (e instanceof Expr.Selector s) {
      return Selection.instant(this, s);
    }
    if (e instanceof Expr.RangeSelector || e instanceof Expr.Subquery) {
      return matrix(e);
    }
    if (e instanceof Expr.Negate n) {
      return negate(eval(n.expr()));
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Aggregate a) {
      return Aggregations.apply(this, a);
    }
    return call((Expr.Call) e);
  }

  Value.Scalar scalar(double x) {
    double[] v = new double[timeline.size()];
    Arrays.fill(v, x);
    return new Value.Scalar(v);
  }

  /** The per-step values of a scalar expression. */
  double[] scalarArg(Expr e) {
    return ((Value.Scalar) eval(e)).values();
  }

  List<StepSeries> vectorArg(Expr e) {
    return ((Value.Vector) eval(e)).series();
  }

  private Value negate(Value v) {
    if (v instanceof Value.Scalar s) {
      double[] out = s.values().clone();
      for (int i = 0; i < out.length; i++) {
        out[i] = -out[i];
      }
      return new Value.Scalar(out);
    }
    SeriesSet out = new SeriesSet(steps());
    for (StepSeries s : ((Value.Vector) v).series()) {
      StepSeries target = out.of(StepSeries.dropName(s.labels()));
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          SeriesSet.put(target, i, -s.get(i));
        }
      }
    }
    return out.vector();
  }

  private Value binary(Expr.Binary b) {
    Value l = eval(b.lhs());
    Value r = eval(b.rhs());
    if (l instanceof Value.Vector lv && r instanceof Value.Vector rv) {
      if (b.setOperator()) {
        return SetOperators.apply(b.op(), b.matching(), lv, rv, steps());
      }
      return VectorMatching.apply(b, lv, rv, steps());
    }
    return BinaryOps.apply(b.op(), l, r, b.bool(), steps());
  }

  private Value call(Expr.Call c) {
    if (NATIVE.contains(c.function()) && nativeHistogram(c)) {
      return new HistogramFunctions(source, timeline).apply(c, this);
    }
    for (int i = 0; i < c.args().size(); i++) {
      if (c.args().get(i).type() == ValueType.MATRIX) {
        return RangeFunctions.apply(this, c, i);
      }
    }
    return InstantFunctions.apply(this, c);
  }

  /** The time each step reads at: the step's time, or the {@code @} time, less the offset. */
  long[] refs(Duration offset, Expr.At at) {
    long[] out = new long[timeline.size()];
    for (int i = 0; i < out.length; i++) {
      long t = timeline.times()[i];
      if (at != null) {
        t =
            at.kind() == Expr.At.Kind.START
                ? queryStart
                : at.kind() == Expr.At.Kind.END ? queryEnd : at.millis();
      }
      out[i] = t - offset.toMillis();
    }
    return out;
  }

  /** A range selector or subquery read as an instant query's result: raw samples per series. */
  private Value matrix(Expr e) {
    if (timeline.size() != 1) {
      throw PromQlException.parse(
          "invalid expression type \"range vector\" for range query, must be Scalar or instant"
              + " Vector",
          0);
    }
    Windows w = Windows.of(this, e);
    long ref = w.refs()[0];
    List<Value.RawSeries> out = new ArrayList<>();
    for (Value.RawSeries s : w.series()) {
      int lo = Windows.lowerBound(s.times(), s.size(), ref - w.range());
      int hi = Windows.upperBound(s.times(), s.size(), ref);
      if (hi > lo) {
        out.add(
            new Value.RawSeries(
                s.labels(),
                Arrays.copyOfRange(s.times(), lo, hi),
                Arrays.copyOfRange(s.values(), lo, hi)));
      }
    }
    return new Value.Matrix(out);
  }

  /** Whether {@code e} names one metric that is stored as a native histogram. */
  boolean nativeHistogram(Expr.Call c) {
    Expr arg = c.args().get(c.args().size() - 1);
    if (!HistogramShape.matches(arg)) {
      return false;
    }
    Expr.Selector s =
        ((Expr.RangeSelector) HistogramShape.windowCall(arg).args().get(0)).selector();
    return s.metric() != null && source.kind(s.metric()) == MetricKind.HISTOGRAM;
  }
}
