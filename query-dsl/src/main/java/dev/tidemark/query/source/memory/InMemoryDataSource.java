package dev.tidemark.query.source.memory;

import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.time.Bucketing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference {@link DataSource}: raw points and raw histogram samples in memory, every
 * aggregation computed in plain Java straight from the raw data (the tier in a fetch is ignored,
 * because a correct tier gives the same answer). Tests use it, and it is the oracle the SQL
 * implementation is compared against. Not thread-safe while being filled.
 */
public final class InMemoryDataSource implements DataSource {

  private final Map<String, MetricKind> kinds = new HashMap<>();
  private final Map<String, Map<Map<String, String>, TreeMap<Long, Double>>> points =
      new HashMap<>();
  private final Map<String, Map<Map<String, String>, TreeMap<Long, SortedMap<Integer, Long>>>>
      histograms = new HashMap<>();
  private final Map<String, Map<Map<String, String>, TreeSet<Long>>> stale = new HashMap<>();

  private InMemoryDataSource() {}

  public static InMemoryDataSource create() {
    return new InMemoryDataSource();
  }

  /** Declares a metric's kind (gauge unless declared; histogram samples declare themselves). */
  public InMemoryDataSource declare(String metric, MetricKind kind) {
    kinds.put(metric, kind);
    return this;
  }

  /** Adds (or replaces) one gauge or counter sample. */
  public InMemoryDataSource add(String metric, Map<String, String> labels, Instant t, double v) {
    points
        .computeIfAbsent(metric, m -> new HashMap<>())
        .computeIfAbsent(Map.copyOf(labels), l -> new TreeMap<>())
        .put(t.toEpochMilli(), v);
    return this;
  }

  /** Marks the series as ended at {@code t} (a Prometheus staleness marker). */
  public InMemoryDataSource markStale(String metric, Map<String, String> labels, Instant t) {
    stale
        .computeIfAbsent(metric, m -> new HashMap<>())
        .computeIfAbsent(Map.copyOf(labels), l -> new TreeSet<>())
        .add(t.toEpochMilli());
    return this;
  }

  @Override
  public List<SeriesData> staleMarkers(SeriesFetch f) {
    Map<Map<String, String>, List<Point>> groups = new LinkedHashMap<>();
    stale
        .getOrDefault(f.metric(), Map.of())
        .forEach(
            (labels, times) -> {
              if (f.selects(labels)) {
                List<Point> g =
                    groups.computeIfAbsent(f.grouping().keyOf(labels), k -> new ArrayList<>());
                times
                    .subSet(f.from().toEpochMilli(), f.to().toEpochMilli())
                    .forEach(t -> g.add(new Point(t, Double.NaN)));
              }
            });
    List<SeriesData> out = new ArrayList<>();
    groups.forEach(
        (key, pts) -> {
          if (!pts.isEmpty()) {
            pts.sort(Comparator.comparingLong(Point::time));
            out.add(new SeriesData(key, pts));
          }
        });
    return out;
  }

  /** Adds one histogram sample given as bucket index to count (see {@link LogBuckets}). */
  public InMemoryDataSource addHistogram(
      String metric, Map<String, String> labels, Instant t, Map<Integer, Long> counts) {
    kinds.put(metric, MetricKind.HISTOGRAM);
    SortedMap<Integer, Long> merged =
        histograms
            .computeIfAbsent(metric, m -> new HashMap<>())
            .computeIfAbsent(Map.copyOf(labels), l -> new TreeMap<>())
            .computeIfAbsent(t.toEpochMilli(), x -> new TreeMap<>());
    LogBuckets.merge(merged, counts);
    return this;
  }

  /** Records raw observations as one histogram sample. */
  public InMemoryDataSource recordHistogram(
      String metric, Map<String, String> labels, Instant t, double... observations) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (double v : observations) {
      counts.merge(LogBuckets.standard().index(v), 1L, Long::sum);
    }
    return addHistogram(metric, labels, t, counts);
  }

  @Override
  public List<String> metricNames() {
    TreeSet<String> names = new TreeSet<>(points.keySet());
    names.addAll(histograms.keySet());
    return new ArrayList<>(names);
  }

  @Override
  public MetricKind kind(String metric) {
    return kinds.getOrDefault(metric, MetricKind.GAUGE);
  }

  @Override
  public List<SeriesData> fetch(SeriesFetch f) {
    if (f.aggregation() == Aggregation.NONE) {
      return raw(f);
    }
    Bucketing b = f.bucketing().orElseThrow();
    long from = f.from().toEpochMilli();
    long to = f.to().toEpochMilli();
    Map<Map<String, String>, TreeMap<Long, Accumulator>> groups = new LinkedHashMap<>();
    if (kind(f.metric()) == MetricKind.HISTOGRAM) {
      histograms
          .getOrDefault(f.metric(), Map.of())
          .forEach(
              (labels, samples) -> {
                if (!f.selects(labels)) {
                  return;
                }
                TreeMap<Long, Accumulator> acc =
                    groups.computeIfAbsent(f.grouping().keyOf(labels), k -> new TreeMap<>());
                samples
                    .subMap(from, true, to, false)
                    .forEach(
                        (t, counts) ->
                            acc.computeIfAbsent(b.startOf(t), x -> new Accumulator())
                                .addHistogram(counts));
              });
      return emit(groups, f, b, true);
    }
    boolean increase =
        f.aggregation() == Aggregation.INCREASE || f.aggregation() == Aggregation.RATE;
    points
        .getOrDefault(f.metric(), Map.of())
        .forEach(
            (labels, series) -> {
              if (!f.selects(labels)) {
                return;
              }
              TreeMap<Long, Accumulator> acc =
                  groups.computeIfAbsent(f.grouping().keyOf(labels), k -> new TreeMap<>());
              NavigableMap<Long, Double> inRange = series.subMap(from, true, to, false);
              Map.Entry<Long, Double> prev = series.lowerEntry(from);
              if (f.aggregation() == Aggregation.SUM) {
                addSeriesMeans(acc, inRange, b);
                return;
              }
              for (Map.Entry<Long, Double> p : inRange.entrySet()) {
                Accumulator a = acc.computeIfAbsent(b.startOf(p.getKey()), x -> new Accumulator());
                if (increase) {
                  if (prev != null) {
                    double v = p.getValue();
                    double pv = prev.getValue();
                    a.addIncrease(v >= pv ? v - pv : v);
                  }
                  prev = p;
                } else {
                  a.add(p.getKey(), p.getValue());
                }
              }
            });
    return emit(groups, f, b, false);
  }

  /** SUM adds series: each series contributes the mean of its points in the bucket. */
  private static void addSeriesMeans(
      TreeMap<Long, Accumulator> acc, NavigableMap<Long, Double> points, Bucketing b) {
    TreeMap<Long, double[]> perBucket = new TreeMap<>();
    points.forEach(
        (t, v) -> {
          double[] sc = perBucket.computeIfAbsent(b.startOf(t), x -> new double[2]);
          sc[0] += v;
          sc[1]++;
        });
    perBucket.forEach(
        (start, sc) ->
            acc.computeIfAbsent(start, x -> new Accumulator()).add(start, sc[0] / sc[1]));
  }

  private static List<SeriesData> emit(
      Map<Map<String, String>, TreeMap<Long, Accumulator>> groups,
      SeriesFetch f,
      Bucketing b,
      boolean histogram) {
    boolean increase =
        f.aggregation() == Aggregation.INCREASE || f.aggregation() == Aggregation.RATE;
    List<SeriesData> out = new ArrayList<>();
    groups.forEach(
        (key, buckets) -> {
          List<Point> pts = new ArrayList<>();
          buckets.forEach(
              (start, acc) -> {
                if (histogram) {
                  if (!acc.histogramEmpty()) {
                    pts.add(new Point(start, acc.histogramValue(f.aggregation(), f.quantile())));
                  }
                } else if (!increase || acc.hasIncrease()) {
                  double seconds = (b.next(start) - start) / 1000.0;
                  pts.add(new Point(start, acc.value(f.aggregation(), f.quantile(), seconds)));
                }
              });
          if (!pts.isEmpty()) {
            out.add(new SeriesData(key, pts));
          }
        });
    return out;
  }

  private List<SeriesData> raw(SeriesFetch f) {
    long from = f.from().toEpochMilli();
    long to = f.to().toEpochMilli();
    Map<Map<String, String>, List<Point>> groups = new LinkedHashMap<>();
    points
        .getOrDefault(f.metric(), Map.of())
        .forEach(
            (labels, series) -> {
              if (!f.selects(labels)) {
                return;
              }
              List<Point> g =
                  groups.computeIfAbsent(f.grouping().keyOf(labels), k -> new ArrayList<>());
              series.subMap(from, true, to, false).forEach((t, v) -> g.add(new Point(t, v)));
            });
    List<SeriesData> out = new ArrayList<>();
    groups.forEach(
        (key, pts) -> {
          if (!pts.isEmpty()) {
            pts.sort(Comparator.comparingLong(Point::time).thenComparingDouble(Point::value));
            out.add(new SeriesData(key, pts));
          }
        });
    return out;
  }
}
