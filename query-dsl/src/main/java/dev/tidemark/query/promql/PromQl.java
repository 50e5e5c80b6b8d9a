package dev.tidemark.query.promql;

import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;
import dev.tidemark.query.promql.eval.Evaluator;
import dev.tidemark.query.promql.eval.StepSeries;
import dev.tidemark.query.promql.eval.Timeline;
import dev.tidemark.query.promql.eval.Value;
import dev.tidemark.query.promql.lang.Parser;
import dev.tidemark.query.source.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL subset Tidemark answers for Grafana's Prometheus datasource: parse, then evaluate
 * instant and range queries against a {@link DataSource}.
 *
 * <p>Supported: number and string literals; selectors with {@code = != =~ !~} matchers and {@code
 * offset}; range selectors; {@code rate irate increase delta idelta changes resets} and {@code
 * avg|min|max|sum|count|last|present|stddev|stdvar|quantile _over_time}; {@code sum avg min max
 * count group stddev stdvar quantile topk bottomk} with {@code by}/{@code without}; arithmetic and
 * comparisons (with {@code bool}) between scalars and vectors, vector–vector matched one-to-one on
 * all labels; math functions, {@code clamp*}, {@code round}, {@code scalar}, {@code vector}, {@code
 * time}, {@code sort*}; {@code histogram_quantile/count/sum/avg} over native histograms, and {@code
 * histogram_quantile} over classic {@code _bucket}/{@code le} counters. Not supported (400 {@code …
 * is not supported}): subqueries, {@code @}, {@code on/ignoring/group_*}, {@code and/or/unless},
 * selectors without a metric name, other functions.
 *
 * <p>Semantics follow Prometheus: instant vectors look back 5 minutes ({@code (t - 5m, t]}),
 * windows are {@code (t - range, t]}, {@code rate}/{@code increase}/{@code delta} extrapolate as
 * Prometheus does. Selectors are read raw (one fetch per selector), so answers are exact whatever
 * the storage tiers; see {@link Evaluator} and {@code HistogramFunctions} for how histograms are
 * read.
 */
public final class PromQl {
  /** Samples one query may read before it fails: 10 M samples hold about 160 MB of heap. */
  public static final long DEFAULT_MAX_SAMPLES = 10_000_000;

  private final DataSource source;
  private final long maxSamples;

  private PromQl(DataSource source, long maxSamples) {
    this.source = source;
    this.maxSamples = maxSamples;
  }

  public static PromQl over(DataSource source) {
    return new PromQl(source, DEFAULT_MAX_SAMPLES);
  }

  public static PromQl over(DataSource source, long maxSamples) {
    return new PromQl(source, maxSamples);
  }

  /** Parses and type-checks; throws {@link PromQlException} of kind bad data. */
  public static Expr parse(String query) {
    return Parser.parse(query);
  }

  /** Evaluates at one time (epoch ms). */
  public PromResult instant(Expr e, long time) {
    Value v = new Evaluator(source, Timeline.instant(time), maxSamples).eval(e);
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
      return new PromResult.Matrix(out);
    }
    List<PromResult.Sample> samples = new ArrayList<>();
    for (StepSeries s : ((Value.Vector) v).series()) {
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
    Value v = new Evaluator(source, timeline, maxSamples).eval(e);
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
    return new PromResult.Matrix(out);
  }
}
