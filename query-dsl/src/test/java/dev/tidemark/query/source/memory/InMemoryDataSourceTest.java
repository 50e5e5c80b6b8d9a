package dev.tidemark.query.source.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tidemark.query.histogram.LogBuckets;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryDataSourceTest {

  private static final Instant T0 = Instant.parse("2026-03-30T00:00:00Z");
  private static final Tier RAW = Tier.raw(Duration.ofDays(14));

  private static Instant at(String hhmmss) {
    return Instant.parse("2026-03-30T" + hhmmss + "Z");
  }

  private static SeriesFetch fetch(
      String metric,
      Aggregation agg,
      double q,
      Grouping g,
      Step step,
      ZoneId zone,
      Instant from,
      Instant to,
      LabelMatcher... matchers) {
    return new SeriesFetch(
        metric,
        MetricKind.GAUGE,
        List.of(matchers),
        from,
        to,
        agg == Aggregation.NONE ? Optional.empty() : Optional.of(Bucketing.of(step, zone)),
        RAW,
        agg,
        q,
        g);
  }

  private static SeriesFetch fiveMinutes(String metric, Aggregation agg, Grouping g) {
    return fetch(
        metric,
        agg,
        Double.NaN,
        g,
        Step.fixed(Duration.ofMinutes(5)),
        ZoneId.of("UTC"),
        T0,
        T0.plus(Duration.ofMinutes(10)));
  }

  private final InMemoryDataSource data =
      InMemoryDataSource.create()
          .add("cpu", Map.of("host", "a"), at("00:00:00"), 1)
          .add("cpu", Map.of("host", "a"), at("00:01:00"), 2)
          .add("cpu", Map.of("host", "a"), at("00:04:59"), 3)
          .add("cpu", Map.of("host", "a"), at("00:05:00"), 10)
          .add("cpu", Map.of("host", "b"), at("00:04:59"), 7)
          .add("cpu", Map.of("host", "b", "dc", "x"), at("00:09:00"), 4)
          .add("cpu", Map.of("host", "a"), at("00:10:00"), 99);

  private static List<Double> values(SeriesData s) {
    return s.points().stream().map(Point::value).toList();
  }

  @Test
  void poolsPointsOfAGroupWithinHalfOpenBuckets() {
    SeriesData all = data.fetch(fiveMinutes("cpu", Aggregation.AVG, Grouping.all())).get(0);
    assertThat(all.labels()).isEmpty();
    assertThat(all.points())
        .containsExactly(
            new Point(T0.toEpochMilli(), (1 + 2 + 3 + 7) / 4.0),
            new Point(T0.plusSeconds(300).toEpochMilli(), (10 + 4) / 2.0));
    // sum adds series means: bucket 1: host a (1+2+3)/3 + host b 7 = 9; bucket 2: 10 + 4 = 14
    assertThat(values(data.fetch(fiveMinutes("cpu", Aggregation.SUM, Grouping.all())).get(0)))
        .containsExactly(9.0, 14.0);
    assertThat(values(data.fetch(fiveMinutes("cpu", Aggregation.COUNT, Grouping.all())).get(0)))
        .containsExactly(4.0, 2.0);
    assertThat(values(data.fetch(fiveMinutes("cpu", Aggregation.MIN, Grouping.all())).get(0)))
        .containsExactly(1.0, 4.0);
    assertThat(values(data.fetch(fiveMinutes("cpu", Aggregation.MAX, Grouping.all())).get(0)))
        .containsExactly(7.0, 10.0);
  }

  @Test
  void lastTakesTheLatestPointAndTheLargestOnTies() {
    assertThat(values(data.fetch(fiveMinutes("cpu", Aggregation.LAST, Grouping.all())).get(0)))
        .containsExactly(7.0, 4.0);
  }

  @Test
  void groupingByLabelsLeavesAbsentLabelsOut() {
    List<SeriesData> byDc =
        data.fetch(fiveMinutes("cpu", Aggregation.COUNT, Grouping.by(List.of("dc"))));
    assertThat(byDc)
        .extracting(SeriesData::labels)
        .containsExactlyInAnyOrder(Map.of(), Map.of("dc", "x"));
    List<SeriesData> perSeries =
        data.fetch(fiveMinutes("cpu", Aggregation.AVG, Grouping.perSeries()));
    assertThat(perSeries)
        .extracting(SeriesData::labels)
        .containsExactlyInAnyOrder(
            Map.of("host", "a"), Map.of("host", "b"), Map.of("host", "b", "dc", "x"));
  }

  @Test
  void matchersSelectSeriesAndMissingLabelsReadAsEmpty() {
    SeriesFetch noDc =
        fetch(
            "cpu",
            Aggregation.COUNT,
            Double.NaN,
            Grouping.all(),
            Step.fixed(Duration.ofMinutes(10)),
            ZoneId.of("UTC"),
            T0,
            T0.plusSeconds(600),
            LabelMatcher.eq("dc", ""),
            LabelMatcher.of("host", MatchOp.RE, "a|b"));
    assertThat(values(data.fetch(noDc).get(0))).containsExactly(5.0);
    SeriesFetch notA =
        fetch(
            "cpu",
            Aggregation.COUNT,
            Double.NaN,
            Grouping.all(),
            Step.fixed(Duration.ofMinutes(10)),
            ZoneId.of("UTC"),
            T0,
            T0.plusSeconds(600),
            LabelMatcher.of("host", MatchOp.NRE, "a"));
    assertThat(values(data.fetch(notA).get(0))).containsExactly(2.0);
  }

  @Test
  void gaugeQuantileInterpolatesLikePercentileCont() {
    SeriesFetch q =
        fetch(
            "cpu",
            Aggregation.QUANTILE,
            0.9,
            Grouping.all(),
            Step.fixed(Duration.ofMinutes(5)),
            ZoneId.of("UTC"),
            T0,
            T0.plusSeconds(300));
    // values 1 2 3 7: h = 3·0.9 = 2.7 → 3 + 0.7·(7 − 3) = 5.8
    assertThat(values(data.fetch(q).get(0)).get(0)).isCloseTo(5.8, within(1e-12));
  }

  @Test
  void counterIncreaseHandlesResetsAndLooksBackBeforeTheRange() {
    InMemoryDataSource c =
        InMemoryDataSource.create()
            .declare("req", MetricKind.COUNTER)
            .add("req", Map.of("i", "1"), at("00:00:00"), 100)
            .add("req", Map.of("i", "1"), at("00:01:00"), 110)
            .add("req", Map.of("i", "1"), at("00:02:00"), 5)
            .add("req", Map.of("i", "1"), at("00:03:00"), 15)
            .add("req", Map.of("i", "2"), at("00:03:30"), 1);
    Step twoMinutes = Step.fixed(Duration.ofMinutes(2));
    SeriesFetch inc =
        fetch(
            "req",
            Aggregation.INCREASE,
            Double.NaN,
            Grouping.all(),
            twoMinutes,
            ZoneId.of("UTC"),
            T0,
            at("00:04:00"));
    // bucket 00:00: 110 − 100 = 10; bucket 00:02: reset (5) + 10 = 15; series 2 has no pair
    assertThat(c.fetch(inc).get(0).points())
        .containsExactly(
            new Point(T0.toEpochMilli(), 10), new Point(at("00:02:00").toEpochMilli(), 15));
    SeriesFetch rate =
        fetch(
            "req",
            Aggregation.RATE,
            Double.NaN,
            Grouping.all(),
            twoMinutes,
            ZoneId.of("UTC"),
            at("00:02:00"),
            at("00:04:00"));
    // the pair (00:01 → 00:02) counts although 00:01 lies before the range
    assertThat(values(c.fetch(rate).get(0))).containsExactly(15 / 120.0);
  }

  @Test
  void histogramsMergeAcrossSeriesAndSamples() {
    InMemoryDataSource h = InMemoryDataSource.create();
    double[] a = new double[100];
    double[] b = new double[100];
    for (int i = 0; i < 100; i++) {
      a[i] = i + 1;
      b[i] = i + 101;
    }
    h.recordHistogram("lat", Map.of("route", "/a"), at("00:00:10"), a);
    h.recordHistogram("lat", Map.of("route", "/b"), at("00:00:20"), b);
    SeriesFetch p99 =
        new SeriesFetch(
            "lat",
            MetricKind.HISTOGRAM,
            List.of(),
            T0,
            at("00:01:00"),
            Optional.of(Bucketing.of(Step.fixed(Duration.ofMinutes(1)), ZoneId.of("UTC"))),
            RAW,
            Aggregation.QUANTILE,
            0.99,
            Grouping.all());
    assertThat(h.kind("lat")).isEqualTo(MetricKind.HISTOGRAM);
    // 200 values 1..200: rank 0.99·199 = 197.01 → the 199th value, 198 ± 0.5%
    assertThat(values(h.fetch(p99).get(0)).get(0))
        .isCloseTo(198, within(198 * LogBuckets.DEFAULT_ALPHA));
    SeriesFetch count =
        new SeriesFetch(
            "lat",
            MetricKind.HISTOGRAM,
            List.of(),
            T0,
            at("00:01:00"),
            p99.bucketing(),
            RAW,
            Aggregation.COUNT,
            Double.NaN,
            Grouping.by(List.of("route")));
    assertThat(h.fetch(count)).extracting(s -> values(s).get(0)).containsOnly(100.0);
  }

  @Test
  void berlinDaysAre23And25HoursAndRateUsesTheRealLength() {
    InMemoryDataSource c = InMemoryDataSource.create().declare("n", MetricKind.COUNTER);
    Instant from = Instant.parse("2026-03-28T23:00:00Z");
    for (int h = 0; h <= 24; h++) {
      c.add("n", Map.of(), from.plus(Duration.ofHours(h)), h);
    }
    SeriesFetch count =
        fetch(
            "n",
            Aggregation.COUNT,
            Double.NaN,
            Grouping.all(),
            Step.day(),
            ZoneId.of("Europe/Berlin"),
            from,
            Instant.parse("2026-03-30T22:00:00Z"));
    // 2026-03-29 is 23 hours long: 23 points, then the 24th and 25th fall into March 30
    assertThat(c.fetch(count).get(0).points())
        .containsExactly(
            new Point(from.toEpochMilli(), 23),
            new Point(Instant.parse("2026-03-29T22:00:00Z").toEpochMilli(), 2));
    SeriesFetch rate =
        fetch(
            "n",
            Aggregation.RATE,
            Double.NaN,
            Grouping.all(),
            Step.day(),
            ZoneId.of("Europe/Berlin"),
            from,
            Instant.parse("2026-03-29T22:00:00Z"));
    assertThat(values(c.fetch(rate).get(0))).containsExactly(22 / (23 * 3600.0));

    InMemoryDataSource g = InMemoryDataSource.create();
    Instant octFrom = Instant.parse("2026-10-24T22:00:00Z");
    for (int h = 0; h < 25; h++) {
      g.add("g", Map.of(), octFrom.plus(Duration.ofHours(h)), 1);
    }
    SeriesFetch oct =
        fetch(
            "g",
            Aggregation.COUNT,
            Double.NaN,
            Grouping.all(),
            Step.day(),
            ZoneId.of("Europe/Berlin"),
            octFrom,
            Instant.parse("2026-10-25T23:00:00Z"));
    assertThat(g.fetch(oct).get(0).points()).containsExactly(new Point(octFrom.toEpochMilli(), 25));
  }

  @Test
  void leapDayIsAWholeDay() {
    InMemoryDataSource g = InMemoryDataSource.create();
    Instant feb28 = Instant.parse("2028-02-28T00:00:00Z");
    for (int h = 0; h < 72; h++) {
      g.add("g", Map.of(), feb28.plus(Duration.ofHours(h)), h);
    }
    SeriesFetch days =
        fetch(
            "g",
            Aggregation.COUNT,
            Double.NaN,
            Grouping.all(),
            Step.day(),
            ZoneId.of("UTC"),
            feb28,
            Instant.parse("2028-03-02T00:00:00Z"));
    assertThat(g.fetch(days).get(0).points())
        .containsExactly(
            new Point(feb28.toEpochMilli(), 24),
            new Point(Instant.parse("2028-02-29T00:00:00Z").toEpochMilli(), 24),
            new Point(Instant.parse("2028-03-01T00:00:00Z").toEpochMilli(), 24));
  }

  @Test
  void rawFetchReturnsPointsInTimeOrder() {
    SeriesFetch raw =
        fetch(
            "cpu",
            Aggregation.NONE,
            Double.NaN,
            Grouping.all(),
            null,
            ZoneId.of("UTC"),
            T0,
            at("00:05:00"));
    assertThat(values(data.fetch(raw).get(0))).containsExactly(1.0, 2.0, 3.0, 7.0);
  }
}
