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
import java.util.HashMap;
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
    SeriesFetch f = request(s, fromExclusive, toInclusive);
    long offset = s.offset().toMillis();
    List<Value.RawSeries> out = new ArrayList<>();
    for (SeriesData d : source.fetch(f)) {
      samples += d.points().size();
      if (samples > maxSamples) {
        throw PromQlException.execution(
            "query reads too many samples [maxSamples=" + maxSamples + "]");
      }
      out.add(series(s, d.labels(), d.points(), offset));
    }
    return out;
  }

  /**
   * Like {@link #fetch}, with the series' staleness markers merged in as NaN values (stored values
   * are never NaN), for instant vectors: a marker ends the lookback.
   */
  List<Value.RawSeries> fetchWithStaleness(Expr.Selector s, long fromExclusive, long toInclusive) {
    List<Value.RawSeries> values = fetch(s, fromExclusive, toInclusive);
    List<SeriesData> markers = source.staleMarkers(request(s, fromExclusive, toInclusive));
    if (markers.isEmpty()) {
      return values;
    }
    Map<Map<String, String>, List<Point>> byLabels = new HashMap<>();
    long offset = s.offset().toMillis();
    for (SeriesData d : markers) {
      byLabels.put(named(s, d.labels()), d.points());
    }
    List<Value.RawSeries> out = new ArrayList<>();
    for (Value.RawSeries v : values) {
      List<Point> ended = byLabels.get(v.labels());
      out.add(ended == null ? v : merge(v, ended, offset));
    }
    return out;
  }

  private static Value.RawSeries merge(Value.RawSeries v, List<Point> markers, long offset) {
    int n = v.times().length + markers.size();
    long[] t = new long[n];
    double[] x = new double[n];
    int i = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      if (j >= markers.size()
          || (i < v.times().length && v.times()[i] <= markers.get(j).time() + offset)) {
        t[k] = v.times()[i];
        x[k] = v.values()[i++];
      } else {
        t[k] = markers.get(j++).time() + offset;
        x[k] = Double.NaN;
      }
    }
    return new Value.RawSeries(v.labels(), t, x);
  }

  private static Value.RawSeries series(
      Expr.Selector s, Map<String, String> labels, List<Point> points, long offset) {
    long[] t = new long[points.size()];
    double[] v = new double[t.length];
    int i = 0;
    for (Point p : points) {
      t[i] = p.time() + offset;
      v[i++] = p.value();
    }
    return new Value.RawSeries(named(s, labels), t, v);
  }

  private static Map<String, String> named(Expr.Selector s, Map<String, String> labels) {
    Map<String, String> named = new TreeMap<>(labels);
    named.put("__name__", s.metric());
    return named;
  }

  private SeriesFetch request(Expr.Selector s, long fromExclusive, long toInclusive) {
    MetricKind kind = source.kind(s.metric());
    if (kind == MetricKind.HISTOGRAM) {
      throw PromQlException.execution(
          s.metric()
              + " is a histogram; read it with histogram_quantile(φ, sum by (…) (rate("
              + s.metric()
              + "[5m]))), histogram_count(…), histogram_sum(…) or histogram_avg(…)");
    }
    long offset = s.offset().toMillis();
    return new SeriesFetch(
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
  }
}
