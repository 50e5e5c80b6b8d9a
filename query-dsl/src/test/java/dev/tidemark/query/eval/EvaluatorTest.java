package dev.tidemark.query.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  private static final Instant T0 = Instant.parse("2026-03-30T00:00:00Z");
  private static final Instant NOW = T0.plus(Duration.ofMinutes(10));

  private final InMemoryDataSource data = InMemoryDataSource.create();
  private final QueryContext ctx = QueryContext.of(NOW, List.of(Tier.raw(Duration.ofDays(14))));

  EvaluatorTest() {
    data.declare("req_total", MetricKind.COUNTER).declare("err_total", MetricKind.COUNTER);
    for (int m = 0; m <= 10; m++) {
      Instant t = T0.plus(Duration.ofMinutes(m));
      data.add("req_total", Map.of("route", "/a"), t, 100.0 * m);
      data.add("req_total", Map.of("route", "/b"), t, 50.0 * m);
      data.add("err_total", Map.of("route", "/a"), t, 5.0 * m);
      data.add("cpu", Map.of("host", "h1"), t, 10 + m);
      data.add("cpu", Map.of("host", "h2"), t, 30 + m);
    }
  }

  private List<Frame> run(String q) {
    return TidemarkQuery.run(q, ctx, data);
  }

  private static List<Object> column(Frame f, int c) {
    return f.values().stream().map(r -> r.get(c)).toList();
  }

  @Test
  void errorRatioInPercent() {
    List<Frame> f =
        run("increase(err_total) / increase(req_total) * 100 from now-10m to now step 5m");
    assertThat(f).hasSize(1);
    // bucket 00:00 holds pairs ending at 00:01..00:04: 4·5 / (4·150) = 3.333…%; 00:05: 5 pairs
    assertThat((double) f.get(0).values().get(0).get(1)).isCloseTo(100.0 * 20 / 600, within(1e-12));
    assertThat((double) f.get(0).values().get(1).get(1)).isCloseTo(100.0 * 25 / 750, within(1e-12));
    assertThat(f.get(0).name()).isEqualTo("((increase(err_total) / increase(req_total)) * 100)");
  }

  @Test
  void seriesMatchSeriesWithEqualLabelsAndDropTheRest() {
    List<Frame> f =
        run("increase(err_total) by (route) / increase(req_total) by (route) last 10m step 10m");
    assertThat(f).hasSize(1);
    assertThat(f.get(0).labels()).isEqualTo(Map.of("route", "/a"));
    assertThat((double) f.get(0).values().get(0).get(1)).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void aSingleSeriesIsAppliedToEverySeriesOfTheOtherSide() {
    List<Frame> f = run("avg(cpu) by (host) - avg(cpu) last 10m step 10m");
    assertThat(f)
        .extracting(Frame::labels)
        .containsExactly(Map.of("host", "h1"), Map.of("host", "h2"));
    assertThat(column(f.get(0), 1)).containsExactly(-10.0);
    assertThat(column(f.get(1), 1)).containsExactly(10.0);
  }

  @Test
  void scalarsAndNegation() {
    List<Frame> f = run("-(avg(cpu) by (host) * 2) + 1 last 10m step 10m");
    assertThat(column(f.get(0), 1)).containsExactly(-(2 * 14.5) + 1);
    List<Frame> s = run("1 + 1 last 10m step 5m");
    assertThat(s.get(0).values()).hasSize(2);
    assertThat(column(s.get(0), 1)).containsOnly(2.0);
  }

  @Test
  void divisionByZeroDropsThePoint() {
    List<Frame> f = run("avg(cpu) / 0 last 10m step 5m");
    assertThat(f).isEmpty();
  }

  @Test
  void framesRenderAsJson() {
    List<Frame> f = run("max(cpu) by (host) from now-10m to now-5m step 5m");
    assertThat(FrameJson.write(f))
        .isEqualTo(
            "{\"frames\":[{\"name\":\"max(cpu) by (host)\",\"labels\":{\"host\":\"h1\"},"
                + "\"columns\":[\"time\",\"value\"],\"values\":[[1774828800000,14]]},"
                + "{\"name\":\"max(cpu) by (host)\",\"labels\":{\"host\":\"h2\"},"
                + "\"columns\":[\"time\",\"value\"],\"values\":[[1774828800000,34]]}]}");
  }

  @Test
  void trendThroughTheLanguage() {
    List<Frame> f = run("avg(cpu) by (host) last 10m step 1m | trend forecast 2");
    Frame h1 = f.get(0);
    assertThat(h1.name()).isEqualTo("trend(avg(cpu) by (host))");
    assertThat((double) h1.meta().get("slopePerDay")).isCloseTo(1440, within(1e-6));
    assertThat(h1.values()).hasSize(12);
    assertThat((double) h1.values().get(11).get(2)).isCloseTo(21, within(1e-9));
    assertThat(h1.values().get(11).get(1)).isNull();
  }

  @Test
  void anomaliesAndChangePointsThroughTheLanguage() {
    InMemoryDataSource d = InMemoryDataSource.create();
    Random r = new Random(1);
    for (int m = 0; m < 120; m++) {
      double v = (m < 60 ? 100 : 120) + r.nextGaussian();
      d.add("lat", Map.of(), T0.plus(Duration.ofMinutes(m)), m == 30 ? 150 : v);
    }
    QueryContext c = QueryContext.of(T0.plus(Duration.ofHours(2)), ctx.tiers());
    List<Frame> cps = TidemarkQuery.run("avg(lat) last 2h step 1m | changepoints", c, d);
    assertThat(cps.get(0).values()).hasSize(1);
    assertThat((int) cps.get(0).values().get(0).get(1)).isBetween(58, 62);
    List<Frame> an = TidemarkQuery.run("avg(lat) from now-2h to now-1h step 1m | anomalies", c, d);
    List<Object> flags = column(an.get(0), 6);
    assertThat(flags.indexOf(true)).isEqualTo(30);
    assertThat(flags.lastIndexOf(true)).isEqualTo(30);
  }

  @Test
  void releaseComparisonThroughTheLanguage() {
    InMemoryDataSource d = InMemoryDataSource.create();
    Random r = new Random(3);
    for (int i = 0; i < 30; i++) {
      Instant t = T0.minus(Duration.ofMinutes(i));
      d.add("bench_ms", Map.of("release", "v1", "op", "a"), t, 100 * (1 + 0.02 * r.nextGaussian()));
      d.add("bench_ms", Map.of("release", "v2", "op", "a"), t, 108 * (1 + 0.02 * r.nextGaussian()));
      d.add("bench_ms", Map.of("release", "v1", "op", "b"), t, 50 * (1 + 0.02 * r.nextGaussian()));
      d.add("bench_ms", Map.of("release", "v2", "op", "b"), t, 50 * (1 + 0.02 * r.nextGaussian()));
    }
    QueryContext c = QueryContext.of(T0.plusSeconds(1), ctx.tiers());
    Frame f =
        TidemarkQuery.run("compare release \"v1\" to \"v2\" on bench_ms by (op) last 1h", c, d)
            .get(0);
    assertThat(f.columns()).startsWith("op", "baseline_runs");
    assertThat(column(f, 0)).containsExactly("a", "b");
    int verdict = f.columns().indexOf("verdict");
    assertThat(column(f, verdict)).containsExactly("REGRESSION", "NO_CHANGE");
    assertThat(column(f, 1)).containsExactly(30, 30);
    assertThat(f.meta()).containsEntry("direction", "LOWER_IS_BETTER");
  }

  @Test
  void limitsAreEnforced() {
    QueryContext tight = ctx.withLimits(new Limits(100, 1, 1_000, Duration.ofSeconds(30), 50));
    QueryException series =
        catchThrowableOfType(
            QueryException.class,
            () -> TidemarkQuery.run("avg(cpu) by (host) last 10m step 1m", tight, data));
    assertThat(series.getMessage())
        .isEqualTo(
            "cannot evaluate query: too many series, narrow the selector or group by fewer"
                + " labels [series=2, max=1]");
    QueryContext fewPoints = ctx.withLimits(new Limits(100, 10, 5, Duration.ofSeconds(30), 50));
    assertThat(
            catchThrowableOfType(
                    QueryException.class,
                    () -> TidemarkQuery.run("avg(cpu) last 10m step 1m", fewPoints, data))
                .reason())
        .startsWith("too many points");
  }

  @Test
  void aSpentTimeBudgetStopsTheQuery() {
    QueryContext none = ctx.withLimits(new Limits(100, 10, 1_000, Duration.ZERO, 50));
    assertThat(
            catchThrowableOfType(
                    QueryException.class,
                    () -> TidemarkQuery.run("avg(cpu) last 10m step 1m", none, data))
                .getMessage())
        .isEqualTo("cannot evaluate query: query took longer than allowed [timeout=PT0S]");
  }
}
