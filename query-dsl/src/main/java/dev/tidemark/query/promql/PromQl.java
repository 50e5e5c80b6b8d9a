package dev.tidemark.query.promql;

import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;
import dev.tidemark.query.promql.eval.Evaluator;
import dev.tidemark.query.promql.eval.LabelOrder;
import dev.tidemark.query.promql.eval.StepSeries;
import dev.tidemark.query.promql.eval.Timeline;
import dev.tidemark.query.promql.eval.Value;
import dev.tidemark.query.promql.lang.Parser;
import dev.tidemark.query.source.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * PromQL as Prometheus 2.x answers it, for Grafana's Prometheus datasource and other clients:
 * parse, then evaluate instant and range queries against a {@link DataSource}.
 *
 * <p>The whole language: number and string literals; selectors with {@code = != =~ !~} matchers,
 * with or without a metric name ({@code {__name__=~"http_.*", job="a"}}), {@code offset} and
 * {@code @} (a time, {@code start()} or {@code end()}); range selectors and subqueries; every
 * aggregation ({@code count_values} included) with {@code by}/{@code without}; arithmetic,
 * comparisons (with {@code bool}) and {@code and}/{@code or}/{@code unless}, with {@code on}/{@code
 * ignoring} and {@code group_left}/{@code group_right} vector matching; and the functions of the
 * Prometheus 2.55 documentation over float samples. {@code histogram_*} read Tidemark's native
 * histograms in the shapes {@code HistogramShape} names, and {@code histogram_quantile} reads
 * classic {@code le} buckets from any expression. Not supported: Prometheus' experimental {@code
 * limitk}/{@code limit_ratio}.
 *
 * <p>Semantics follow Prometheus 2.x: instant vectors look back 5 minutes ({@code [t - 5m, t]}) and
 * stop at staleness markers, windows are {@code [t - range, t]}, {@code rate}/{@code
 * increase}/{@code delta} extrapolate as Prometheus does. Selectors are read raw (one fetch per
 * metric and selector), so answers are exact whatever the storage tiers; see {@link Evaluator}.
 * Range query results are sorted by labels, as Prometheus sorts them; instant vectors too, unless
 * the outermost operation orders them ({@code sort}, {@code topk}, …).
 */
public final class PromQl {
  /** Samples one query may read before it fails: 10 M samples hold about 160 MB of heap. */
  public static final long DEFAULT_MAX_SAMPLES = 10_000_000;

  private final DataSource source;
  private final long maxSamples;
  private final SampleBudget budget;

  private PromQl(DataSource source, long maxSamples, SampleBudget budget) {
    this.source = source;
    this.maxSamples = maxSamples;
    this.budget = budget;
  }

  public static PromQl over(DataSource source) {
    return over(source, DEFAULT_MAX_SAMPLES);
  }

  public static PromQl over(DataSource source, long maxSamples) {
    return over(source, maxSamples, SampleBudget.unlimited());
  }

  /**
   * Queries that read at most {@code maxSamples} raw samples each and, with every other query
   * sharing {@code budget}, at most its limit at once.
   */
  public static PromQl over(DataSource source, long maxSamples, SampleBudget budget) {
    return new PromQl(source, maxSamples, budget);
  }

  /** Parses and type-checks; throws {@link PromQlException} of kind bad data. */
  public static Expr parse(String query) {
    return Parser.parse(query);
  }

  /** The expression as Prometheus prints it ({@code format_query}). */
  public static String format(Expr e) {
    return dev.tidemark.query.promql.ast.Printer.print(e);
  }

  /** Evaluates at one time (epoch ms). */
  public PromResult instant(Expr e, long time) {
    Value v = evaluate(e, Timeline.instant(time));
    if (v instanceof Value.Scalar s) {
      return new PromResult.Scalar(time, s.values()[0]);
    }
    if (v instanceof Value.Str s) {
      return new PromResult.Str(time, s.value());
    }
    if (v instanceof Value.Matrix m) {
      List<PromResult.Series> out = new ArrayList<>();
      for (Value.RawSeries r : m.series()) {
        out.add(new PromResult.Series(r.labels(), r.times(), r.values()));
      }
      out.sort((a, b) -> LabelOrder.COMPARATOR.compare(a.labels(), b.labels()));
      return new PromResult.Matrix(out);
    }
    List<PromResult.Sample> samples = new ArrayList<>();
    Value.Vector vector = (Value.Vector) v;
    List<StepSeries> series = new ArrayList<>(vector.series());
    if (!vector.ordered()) {
      series.sort((a, b) -> LabelOrder.COMPARATOR.compare(a.labels(), b.labels()));
    }
    for (StepSeries s : series) {
      if (s.has(0)) {
        samples.add(new PromResult.Sample(s.labels(), s.get(0)));
      }
    }
    return new PromResult.Vector(time, samples);
  }

  /** Evaluates at {@code start, start + step, …, ≤ end} (epoch ms); always a matrix. */
  public PromResult range(Expr e, long start, long end, long step) {
    if (e.type() != ValueType.SCALAR && e.type() != ValueType.VECTOR) {
      throw PromQlException.parse(
          "invalid expression type \""
              + e.type().documented()
              + "\" for range query, must be Scalar or instant Vector",
          0);
    }
    Timeline timeline = Timeline.range(start, end, step);
    Value v = evaluate(e, timeline);
    List<PromResult.Series> out = new ArrayList<>();
    if (v instanceof Value.Scalar s) {
      out.add(new PromResult.Series(java.util.Map.of(), timeline.times(), s.values()));
      return new PromResult.Matrix(out);
    }
    for (StepSeries s : ((Value.Vector) v).series()) {
      int n = 0;
      for (int i = 0; i < s.steps(); i++) {
        n += s.has(i) ? 1 : 0;
      }
      long[] t = new long[n];
      double[] vals = new double[n];
      int k = 0;
      for (int i = 0; i < s.steps(); i++) {
        if (s.has(i)) {
          t[k] = timeline.times()[i];
          vals[k++] = s.get(i);
        }
      }
      if (n > 0) {
        out.add(new PromResult.Series(s.labels(), t, vals));
      }
    }
    out.sort((a, b) -> LabelOrder.COMPARATOR.compare(a.labels(), b.labels()));
    return new PromResult.Matrix(out);
  }

  /** Evaluates over {@code timeline}; what the query took of the budget is given back after. */
  private Value evaluate(Expr e, Timeline timeline) {
    Evaluator evaluator = new Evaluator(source, timeline, maxSamples, budget);
    try {
      return evaluator.eval(e);
    } finally {
      evaluator.release();
    }
  }
}
