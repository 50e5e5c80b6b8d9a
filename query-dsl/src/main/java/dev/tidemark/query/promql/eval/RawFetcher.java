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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads the raw samples of a selector with one {@link Aggregation#NONE} fetch per metric it names
 * (PromQL semantics are then computed in Java), and counts them against a limit shared by every
 * evaluator of one query (every sample read), and against the budget of every query running at once
 * ({@link SampleBudget}: the samples held, given back as each streamed series is done with, or by
 * {@link #release} for those held to the end). Times are the stored ones: the evaluator applies
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

  /**
   * Samples of {@code s} with {@code from <= ts <= to}, {@code __name__} added, held (and counted
   * against the shared budget) until {@link #release}.
   */
  List<Value.RawSeries> fetch(Expr.Selector s, long from, long to) {
    List<Value.RawSeries> out = new ArrayList<>();
    read(s, from, to, false, true, false, out::add);
    return out;
  }

  /**
   * The series {@link #fetch} returns, handed to {@code each} one at a time as the source reads
   * them; each counts against the shared budget only until {@code each} returns, so the caller must
   * not keep its samples.
   */
  void each(Expr.Selector s, long from, long to, Consumer<Value.RawSeries> each) {
    read(s, from, to, false, false, false, each);
  }

  /**
   * Like {@link #each}, with the series' staleness markers merged in as NaN values (stored values
   * are never NaN), for instant vectors: a marker ends the lookback.
   */
  void eachWithStaleness(Expr.Selector s, long from, long to, Consumer<Value.RawSeries> each) {
    read(s, from, to, true, false, false, each);
  }

  /**
   * Like {@link #eachWithStaleness}, each series with its newest sample in the range alone (and the
   * markers): what an instant vector selector reads at a single time.
   */
  void eachNewestWithStaleness(
      Expr.Selector s, long from, long to, Consumer<Value.RawSeries> each) {
    read(s, from, to, true, false, true, each);
  }

  private void read(
      Expr.Selector s,
      long from,
      long to,
      boolean staleness,
      boolean hold,
      boolean newest,
      Consumer<Value.RawSeries> each) {
    for (String metric : metrics(s)) {
      SeriesFetch f = request(s, metric, from, to);
      if (f == null) {
        continue;
      }
      Map<Map<String, String>, List<Point>> ended = new HashMap<>();
      if (staleness) {
        for (SeriesData d : source.staleMarkers(f)) {
          ended.put(d.labels(), d.points());
        }
      }
      Consumer<SeriesData> take =
          d -> {
            int n = d.points().size();
            count(n);
            try {
              Value.RawSeries v = series(metric, d.labels(), d.points(), hold);
              List<Point> markers = ended.get(d.labels());
              each.accept(markers == null ? v : merge(v, markers));
            } finally {
              if (!hold) {
                budget.give(n);
                taken -= n;
              }
            }
          };
      if (newest) {
        source.fetchNewest(f, take);
      } else {
        source.fetchEach(f, take);
      }
    }
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
    int n = v.size() + markers.size();
    long[] t = new long[n];
    double[] x = new double[n];
    int i = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      if (j >= markers.size() || (i < v.size() && v.times()[i] <= markers.get(j).time())) {
        t[k] = v.times()[i];
        x[k] = v.values()[i++];
      } else {
        t[k] = markers.get(j++).time();
        x[k] = Double.NaN;
      }
    }
    return new Value.RawSeries(v.labels(), t, x);
  }

  /**
   * A series as the evaluator reads it: the source's columns themselves when it is evaluated as it
   * comes (a streamed series may sit in the source's buffer), a copy exactly as long when it is
   * held to the end.
   */
  private static Value.RawSeries series(
      String metric, Map<String, String> labels, List<Point> points, boolean hold) {
    int n = points.size();
    long[] t;
    double[] v;
    if (points instanceof PointList columns) {
      t = hold ? Arrays.copyOf(columns.sharedTimes(), n) : columns.sharedTimes();
      v = hold ? Arrays.copyOf(columns.sharedValues(), n) : columns.sharedValues();
    } else {
      t = new long[n];
      v = new double[n];
      int i = 0;
      for (Point p : points) {
        t[i] = p.time();
        v[i++] = p.value();
      }
    }
    Map<String, String> named = new TreeMap<>(labels);
    named.put("__name__", metric);
    return new Value.RawSeries(named, t, v, n);
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
