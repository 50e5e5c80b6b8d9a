package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the raw samples of a selector with one {@link Aggregation#NONE} fetch per selector and
 * query (PromQL semantics are then computed in Java), and counts them against a budget.
 */
final class RawFetcher {
  /** The raw tier; its retention is not used by a NONE fetch. */
  static final Tier RAW = Tier.raw(Duration.ofDays(36_500));

  private final DataSource source;
  private final long maxSamples;
  private long samples;

  RawFetcher(DataSource source, long maxSamples) {
    this.source = source;
    this.maxSamples = maxSamples;
  }

  /**
   * Samples of {@code s} with {@code fromExclusive < ts <= toInclusive} (before applying the
   * selector's offset), timestamps shifted forward by the offset, {@code __name__} added.
   */
  List<Value.RawSeries> fetch(Expr.Selector s, long fromExclusive, long toInclusive) {
    MetricKind kind = source.kind(s.metric());
    if (kind == MetricKind.HISTOGRAM) {
      throw PromQlException.execution(
          s.metric()
              + " is a histogram; read it with histogram_quantile(φ, sum by (…) (rate("
              + s.metric()
              + "[5m]))), histogram_count(…), histogram_sum(…) or histogram_avg(…)");
    }
    long offset = s.offset().toMillis();
    SeriesFetch f =
        new SeriesFetch(
            s.metric(),
            kind,
            s.matchers(),
            Instant.ofEpochMilli(fromExclusive - offset + 1),
            Instant.ofEpochMilli(toInclusive - offset + 1),
            Optional.empty(),
            RAW,
            Aggregation.NONE,
            Double.NaN,
            Grouping.perSeries());
    List<Value.RawSeries> out = new ArrayList<>();
    for (SeriesData d : source.fetch(f)) {
      samples += d.points().size();
      if (samples > maxSamples) {
        throw PromQlException.execution(
            "query reads too many samples [maxSamples=" + maxSamples + "]");
      }
      Map<String, String> labels = new TreeMap<>(d.labels());
      labels.put("__name__", s.metric());
      long[] t = new long[d.points().size()];
      double[] v = new double[t.length];
      int i = 0;
      for (Point p : d.points()) {
        t[i] = p.time() + offset;
        v[i++] = p.value();
      }
      out.add(new Value.RawSeries(labels, t, v));
    }
    return out;
  }
}
