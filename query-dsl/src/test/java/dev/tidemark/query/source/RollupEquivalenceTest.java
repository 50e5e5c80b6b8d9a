package dev.tidemark.query.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.plan.FetchMatrix;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The storage contract's promise that a rollup tier answers like the raw data: a data source that
 * answers from 1h rollups holding what the contract lists (count, sum, min, max, last time and
 * value, increase including the pair entering the bucket, merged histogram buckets) agrees with the
 * raw oracle on every fetch the planner can send to the 1h tier — including Berlin days.
 */
class RollupEquivalenceTest {

  private static final long HOUR = 3_600_000L;
  private static final Instant T0 = Instant.parse("2026-03-27T00:00:00Z");
  private static final Instant END = T0.plus(Duration.ofDays(5));
  private static final List<Tier> TIERS =
      List.of(
          Tier.raw(Duration.ofDays(1)),
          Tier.rollup("1h", Duration.ofHours(1), Duration.ofDays(365)));

  /** One series' rollup bucket. */
  private static final class Roll {
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long lastTime = Long.MIN_VALUE;
    double lastValue;
    double increase;
    long pairs;
    final TreeMap<Integer, Long> hist = new TreeMap<>();
  }

  private final InMemoryDataSource oracle = InMemoryDataSource.create();
  private final Map<String, Map<Map<String, String>, TreeMap<Long, Roll>>> rollups =
      new HashMap<>();

  RollupEquivalenceTest() {
    oracle.declare("req", MetricKind.COUNTER);
    Random r = new Random(3);
    Map<Map<String, String>, double[]> last = new HashMap<>();
    for (long t = T0.toEpochMilli(); t < END.toEpochMilli(); t += 60_000L * (1 + r.nextInt(20))) {
      Map<String, String> labels = Map.of("host", r.nextBoolean() ? "a" : "b");
      double g = 50 + 10 * r.nextGaussian();
      double[] c = last.computeIfAbsent(labels, k -> new double[] {0});
      c[0] = r.nextInt(50) == 0 ? r.nextInt(5) : c[0] + r.nextInt(100);
      add("cpu", labels, t, g, null);
      add("req", labels, t, c[0], null);
      double[] obs = {1 + r.nextInt(100), 1 + r.nextInt(1000), r.nextInt(3)};
      add("lat", labels, t, 0, obs);
    }
  }

  private void add(String metric, Map<String, String> labels, long t, double v, double[] obs) {
    TreeMap<Long, Roll> series =
        rollups
            .computeIfAbsent(metric, m -> new HashMap<>())
            .computeIfAbsent(labels, l -> new TreeMap<>());
    Roll roll = series.computeIfAbsent(Math.floorDiv(t, HOUR) * HOUR, x -> new Roll());
    if (obs != null) {
      oracle.recordHistogram(metric, labels, Instant.ofEpochMilli(t), obs);
      for (double o : obs) {
        roll.hist.merge(LogBuckets.standard().index(o), 1L, Long::sum);
      }
      return;
    }
    Double prev = lastValue(metric, labels);
    oracle.add(metric, labels, Instant.ofEpochMilli(t), v);
    roll.count++;
    roll.sum += v;
    roll.min = Math.min(roll.min, v);
    roll.max = Math.max(roll.max, v);
    roll.lastTime = t;
    roll.lastValue = v;
    if (prev != null) {
      roll.increase += v >= prev ? v - prev : v;
      roll.pairs++;
    }
    previous.put(metric + labels, v);
  }

  private final Map<String, Double> previous = new HashMap<>();

  private Double lastValue(String metric, Map<String, String> labels) {
    return previous.get(metric + labels);
  }

  /** Answers a 1h-tier fetch from the rollups only. */
  private List<SeriesData> fromRollups(SeriesFetch f) {
    Bucketing b = f.bucketing().orElseThrow();
    Map<Map<String, String>, TreeMap<Long, Map<Map<String, String>, List<Roll>>>> groups =
        new HashMap<>();
    rollups
        .getOrDefault(f.metric(), Map.of())
        .forEach(
            (labels, series) -> {
              if (!f.selects(labels)) {
                return;
              }
              TreeMap<Long, Map<Map<String, String>, List<Roll>>> g =
                  groups.computeIfAbsent(f.grouping().keyOf(labels), k -> new TreeMap<>());
              series
                  .subMap(f.from().toEpochMilli(), f.to().toEpochMilli())
                  .forEach(
                      (t, roll) ->
                          g.computeIfAbsent(b.startOf(t), x -> new HashMap<>())
                              .computeIfAbsent(labels, x -> new ArrayList<>())
                              .add(roll));
            });
    List<SeriesData> out = new ArrayList<>();
    groups.forEach(
        (key, buckets) -> {
          List<Point> pts = new ArrayList<>();
          buckets.forEach(
              (start, bySeries) -> {
                double seconds = (b.next(start) - start) / 1000.0;
                Double v = combine(f, bySeries, seconds);
                if (v != null) {
                  pts.add(new Point(start, v));
                }
              });
          if (!pts.isEmpty()) {
            out.add(new SeriesData(key, pts));
          }
        });
    return out;
  }

  private static Double combine(
      SeriesFetch f, Map<Map<String, String>, List<Roll>> bySeries, double seconds) {
    List<Roll> rolls = new ArrayList<>();
    bySeries.values().forEach(rolls::addAll);
    if (f.kind() == MetricKind.HISTOGRAM) {
      TreeMap<Integer, Long> h = new TreeMap<>();
      rolls.forEach(r -> LogBuckets.merge(h, r.hist));
      LogBuckets lb = LogBuckets.standard();
      long n = h.values().stream().mapToLong(Long::longValue).sum();
      double sum =
          h.entrySet().stream().mapToDouble(e -> lb.value(e.getKey()) * e.getValue()).sum();
      switch (f.aggregation()) {
        case COUNT:
          return (double) n;
        case SUM:
          return sum;
        case AVG:
          return sum / n;
        case MIN:
          return lb.value(h.firstKey());
        case MAX:
          return lb.value(h.lastKey());
        default:
          return lb.quantile(h, f.quantile());
      }
    }
    long count = rolls.stream().mapToLong(r -> r.count).sum();
    double sum = rolls.stream().mapToDouble(r -> r.sum).sum();
    double increase = rolls.stream().mapToDouble(r -> r.increase).sum();
    long pairs = rolls.stream().mapToLong(r -> r.pairs).sum();
    switch (f.aggregation()) {
      case AVG:
        return sum / count;
      case SUM:
        double levels = 0;
        for (List<Roll> series : bySeries.values()) {
          levels +=
              series.stream().mapToDouble(r -> r.sum).sum()
                  / series.stream().mapToLong(r -> r.count).sum();
        }
        return levels;
      case COUNT:
        return (double) count;
      case MIN:
        return rolls.stream().mapToDouble(r -> r.min).min().orElseThrow();
      case MAX:
        return rolls.stream().mapToDouble(r -> r.max).max().orElseThrow();
      case LAST:
        Roll latest = rolls.get(0);
        for (Roll r : rolls) {
          if (r.lastTime > latest.lastTime
              || (r.lastTime == latest.lastTime && r.lastValue > latest.lastValue)) {
            latest = r;
          }
        }
        return latest.lastValue;
      case INCREASE:
        return pairs > 0 ? increase : null;
      case RATE:
        return pairs > 0 ? increase / seconds : null;
      default:
        throw new IllegalStateException("not answerable from rollups: " + f.aggregation());
    }
  }

  @Test
  void everyRollupAnswerEqualsTheRawAnswer() {
    int checked = 0;
    for (String metric : List.of("cpu", "req", "lat")) {
      MetricKind kind = oracle.kind(metric);
      List<SeriesFetch> fetches =
          FetchMatrix.of(
              metric,
              kind,
              List.of(),
              T0.plus(Duration.ofHours(7)),
              END.minus(Duration.ofHours(5)),
              END,
              TIERS,
              List.of(
                  Step.fixed(Duration.ofHours(1)),
                  Step.fixed(Duration.ofHours(6)),
                  Step.day(),
                  Step.week()),
              List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin")),
              List.of(Grouping.all(), Grouping.perSeries(), Grouping.by(List.of("host"))));
      for (SeriesFetch f : fetches) {
        if (f.tier().isRaw()) {
          continue;
        }
        assertThat(SeriesDiff.between(oracle.fetch(f), fromRollups(f), 1e-9))
            .as("%s %s %s %s", metric, f.aggregation(), f.bucketing().orElseThrow(), f.grouping())
            .isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(300);
  }
}
