package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.lang.HistogramShape;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code histogram_quantile}, {@code histogram_count}, {@code histogram_sum} and {@code
 * histogram_avg} over Tidemark's native histograms (see {@link HistogramShape} for the accepted
 * arguments).
 *
 * <p>Each stored histogram sample holds its interval's observations, so the window {@code (t - w,
 * t]} of {@code rate}/{@code increase} is the merge of the samples inside it, and {@code sum by}
 * merges across series. The storage does both: one fetch per step, over {@code [t - w + 1ms, t +
 * 1ms)}, with {@link Aggregation#QUANTILE} (or COUNT, SUM, AVG), grouped like the {@code sum}, and
 * a single bucket wider than any range ({@link #WHOLE}, epoch-aligned, so the whole window falls in
 * the bucket starting at 1970-01-01), read from the raw tier. {@code rate} divides counts and sums
 * by the window in seconds; a quantile or average is the same for rate and increase. Windows
 * without observations give no sample.
 */
final class HistogramFunctions {
  /** One bucket that holds every timestamp from 1970 to beyond 2900. */
  static final Bucketing WHOLE =
      Bucketing.of(Step.fixed(Duration.ofDays(365L * 1000)), ZoneOffset.UTC);

  private final DataSource source;
  private final Timeline timeline;

  HistogramFunctions(DataSource source, Timeline timeline) {
    this.source = source;
    this.timeline = timeline;
  }

  Value apply(Expr.Call c, Evaluator evaluator) {
    Expr arg = c.args().get(c.args().size() - 1);
    Expr.Call window = HistogramShape.windowCall(arg);
    Expr.Aggregate sum = HistogramShape.sum(arg);
    Expr.RangeSelector r = (Expr.RangeSelector) window.args().get(0);
    Expr.Selector s = r.selector();
    if (sum != null && sum.without()) {
      throw PromQlException.parse(
          "sum without (…) over native histograms is not supported; use sum by (…)", 0);
    }
    if (source.kind(s.metric()) != MetricKind.HISTOGRAM) {
      throw PromQlException.execution(
          c.function()
              + " needs a histogram metric, "
              + s.metric()
              + " is not one (Tidemark histograms are native: no _bucket series)");
    }
    double[] phi =
        c.function().equals("histogram_quantile")
            ? ((Value.Scalar) evaluator.eval(c.args().get(0))).values()
            : null;
    Aggregation agg = aggregation(c.function());
    Grouping grouping =
        sum == null
            ? Grouping.perSeries()
            : sum.grouped() ? Grouping.by(sum.labels()) : Grouping.all();
    long w = r.range().toMillis();
    double perSecond = window.function().equals("rate") ? w / 1000.0 : 1;
    boolean divide = agg == Aggregation.COUNT || agg == Aggregation.SUM;
    Map<Map<String, String>, StepSeries> out = new LinkedHashMap<>();
    long[] times = timeline.times();
    for (int i = 0; i < times.length; i++) {
      long end = times[i] - s.offset().toMillis() + 1;
      SeriesFetch f =
          new SeriesFetch(
              s.metric(),
              MetricKind.HISTOGRAM,
              s.matchers(),
              Instant.ofEpochMilli(end - w),
              Instant.ofEpochMilli(end),
              Optional.of(WHOLE),
              RawFetcher.RAW,
              agg,
              phi == null ? Double.NaN : Math.max(0, Math.min(1, phi[i])),
              grouping);
      for (SeriesData d : source.fetch(f)) {
        if (d.points().isEmpty()) {
          continue;
        }
        double v = phi == null ? d.points().get(0).value() : outside(phi[i], d);
        final int step = i;
        out.computeIfAbsent(d.labels(), l -> new StepSeries(l, times.length))
            .set(step, divide ? v / perSecond : v);
      }
    }
    return new Value.Vector(new ArrayList<>(out.values()));
  }

  /** Prometheus: φ < 0 gives -Inf, φ > 1 gives +Inf, NaN gives NaN. */
  private static double outside(double phi, SeriesData d) {
    if (Double.isNaN(phi)) {
      return Double.NaN;
    }
    return phi < 0
        ? Double.NEGATIVE_INFINITY
        : phi > 1 ? Double.POSITIVE_INFINITY : d.points().get(0).value();
  }

  private static Aggregation aggregation(String function) {
    switch (function) {
      case "histogram_quantile":
        return Aggregation.QUANTILE;
      case "histogram_count":
        return Aggregation.COUNT;
      case "histogram_sum":
        return Aggregation.SUM;
      default:
        return Aggregation.AVG;
    }
  }
}
