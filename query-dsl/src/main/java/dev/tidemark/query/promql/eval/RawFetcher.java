package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.SampleBudget;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.PointList;
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
 * Reads the raw samples of a selector with one {@link Aggregation#NONE} fetch per metric it names
 * (PromQL semantics are then computed in Java), and counts them against a budget shared by every
 * evaluator of one query, and against the budget of every query running at once ({@link
 * SampleBudget}), given back by {@link #release}. Times are the stored ones: the evaluator applies
 * {@code offset} and {@code @} to its windows, not to the samples. A selector without a metric name
 * reads every metric whose name its {@code __name__} matchers accept.
 */
final class RawFetcher {
  /** The raw tier; its retention is not used by a NONE fetch. */
  static final Tier RAW = Tier.raw(Duration.ofDays(36_500));

  private final DataSource source;
  private final long maxSamples;
  private final SampleBudget budget;
  private long samples;
  private long taken;
  private List<String> metricNames;

  RawFetcher(DataSource source, long maxSamples, SampleBudget budget) {
    this.source = source;
    this.maxSamples = maxSamples;
    this.budget = budget;
  }

  /** Gives back what this query took from the shared budget. */
  void release() {
    budget.give(taken);
    taken = 0;
  }

  /** Samples of {@code s} with {@code from <= ts <= to}, {@code __name__} added. */
  List<Value.RawSeries> fetch(Expr.Selector s, long from, long to) {
    List<Value.RawSeries> out = new ArrayList<>();
    for (String metric : metrics(s)) {
      SeriesFetch f = request(s, metric, from, to);
      if (f == null) {
        continue;
      }
      for (SeriesData d : source.fetch(f)) {
        count(d.points().size());
        out.add(series(metric, d.labels(), d.points()));
      }
    }
    return out;
  }

  /**
   * Like {@link #fetch}, with the series' staleness markers merged in as NaN values (stored values
   * are never NaN), for instant vectors: a marker ends the lookback.
   */
  List<Value.RawSeries> fetchWithStaleness(Expr.Selector s, long from, long to) {
    List<Value.RawSeries> out = new ArrayList<>();
    for (String metric : metrics(s)) {
      SeriesFetch f = request(s, metric, from, to);
      if (f == null) {
        continue;
      }
      List<SeriesData> markers = source.staleMarkers(f);
      Map<Map<String, String>, List<Point>> byLabels = new HashMap<>();
      for (SeriesData d : markers) {
        byLabels.put(d.labels(), d.points());
      }
      for (SeriesData d : source.fetch(f)) {
        count(d.points().size());
        Value.RawSeries v = series(metric, d.labels(), d.points());
        List<Point> ended = byLabels.get(d.labels());
        out.add(ended == null ? v : merge(v, ended));
      }
    }
    return out;
  }

  private void count(int n) {
    samples += n;
    if (samples > maxSamples) {
      throw PromQlException.execution(
          "query reads too many samples [maxSamples=" + maxSamples + "]");
    }
    budget.take(n);
    taken += n;
  }

  /** The metric names a selector reads: its own, or every stored one its matchers accept. */
  private List<String> metrics(Expr.Selector s) {
    List<LabelMatcher> byName = new ArrayList<>();
    for (LabelMatcher m : s.matchers()) {
      if (m.name().equals("__name__")) {
        byName.add(m);
      }
    }
    List<String> candidates;
    if (s.metric() != null) {
      candidates = List.of(s.metric());
    } else {
      if (metricNames == null) {
        metricNames = source.metricNames();
      }
      candidates = metricNames;
    }
    List<String> out = new ArrayList<>();
    for (String name : candidates) {
      if (byName.stream().allMatch(m -> m.matches(name))) {
        out.add(name);
      }
    }
    return out;
  }

  private static Value.RawSeries merge(Value.RawSeries v, List<Point> markers) {
    int n = v.times().length + markers.size();
    long[] t = new long[n];
    double[] x = new double[n];
    int i = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      if (j >= markers.size() || (i < v.times().length && v.times()[i] <= markers.get(j).time())) {
        t[k] = v.times()[i];
        x[k] = v.values()[i++];
      } else {
        t[k] = markers.get(j++).time();
        x[k] = Double.NaN;
      }
    }
    return new Value.RawSeries(v.labels(), t, x);
  }

  private static Value.RawSeries series(
      String metric, Map<String, String> labels, List<Point> points) {
    long[] t;
    double[] v;
    if (points instanceof PointList columns) {
      t = columns.sharedTimes(); // raw series are read, never changed, by the evaluator
      v = columns.sharedValues();
    } else {
      t = new long[points.size()];
      v = new double[t.length];
      int i = 0;
      for (Point p : points) {
        t[i] = p.time();
        v[i++] = p.value();
      }
    }
    Map<String, String> named = new TreeMap<>(labels);
    named.put("__name__", metric);
    return new Value.RawSeries(named, t, v);
  }

  /** The fetch of one metric, or null for a histogram read by a name-less selector. */
  private SeriesFetch request(Expr.Selector s, String metric, long from, long to) {
    MetricKind kind = source.kind(metric);
    if (kind == MetricKind.HISTOGRAM) {
      if (s.metric() == null) {
        return null;
      }
      throw PromQlException.execution(
          metric
              + " is a histogram; read it with histogram_quantile(φ, sum by (…) (rate("
              + metric
              + "[5m]))), histogram_count(…), histogram_sum(…) or histogram_avg(…)");
    }
    List<LabelMatcher> labels = new ArrayList<>();
    for (LabelMatcher m : s.matchers()) {
      if (!m.name().equals("__name__")) {
        labels.add(m);
      }
    }
    return new SeriesFetch(
        metric,
        kind,
        labels,
        Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(to + 1),
        Optional.empty(),
        RAW,
        Aggregation.NONE,
        Double.NaN,
        Grouping.perSeries());
  }
}
