package dev.tidemark.query.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private final InMemoryDataSource data =
      InMemoryDataSource.create()
          .declare("http_latency", MetricKind.HISTOGRAM)
          .declare("requests_total", MetricKind.COUNTER);
  private final QueryContext ctx = QueryContext.of(TierChooserTest.NOW, TierChooserTest.TIERS);

  private Plan.Series series(String q) {
    return (Plan.Series) TidemarkQuery.plan(q, ctx, data);
  }

  private SeriesFetch fetch(String q) {
    return ((PlanNode.Fetch) series(q).root()).fetch();
  }

  private QueryException error(String q) {
    return catchThrowableOfType(QueryException.class, () -> TidemarkQuery.plan(q, ctx, data));
  }

  @Test
  void rangeIsWidenedToWholeBuckets() {
    Plan.Series p =
        series("avg(cpu) from \"2026-03-30T10:07:00Z\" to \"2026-03-30T11:02:00Z\" step 5m");
    assertThat(p.from()).isEqualTo(Instant.parse("2026-03-30T10:05:00Z"));
    assertThat(p.to()).isEqualTo(Instant.parse("2026-03-30T11:05:00Z"));
    SeriesFetch f = ((PlanNode.Fetch) p.root()).fetch();
    assertThat(f.from()).isEqualTo(p.from());
    assertThat(f.tier().name()).isEqualTo("5m");
    assertThat(f.aggregation()).isEqualTo(Aggregation.AVG);
    assertThat(f.grouping()).isEqualTo(Grouping.all());
  }

  @Test
  void localDatesAreReadInTheQueryZone() {
    Plan.Series p =
        series("sum(cpu) from \"2026-03-29\" to \"2026-03-30\" step 1d zone \"Europe/Berlin\"");
    assertThat(p.from()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
    assertThat(p.to()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    assertThat(((PlanNode.Fetch) p.root()).fetch().tier().name()).isEqualTo("1h");
  }

  @Test
  void autoStepAimsAtFiveHundredBuckets() {
    assertThat(series("avg(cpu) last 7d").bucketing().step())
        .isEqualTo(Step.fixed(Duration.ofMinutes(30)));
    assertThat(series("avg(cpu) last 1h").bucketing().step())
        .isEqualTo(Step.fixed(Duration.ofSeconds(10)));
    assertThat(series("avg(cpu) last 365d step auto").bucketing().step()).isEqualTo(Step.day());
  }

  @Test
  void defaultRangeComesFromTheContext() {
    Plan.Series p =
        (Plan.Series)
            TidemarkQuery.plan(
                "avg(cpu) step 1m",
                ctx.withRange(
                    Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T01:00:00Z")),
                data);
    assertThat(p.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(p.to()).isEqualTo(Instant.parse("2026-03-01T01:00:00Z"));
  }

  @Test
  void bareSelectorsKeepEverySeries() {
    assertThat(fetch("cpu last 1h step 1m").aggregation()).isEqualTo(Aggregation.AVG);
    assertThat(fetch("cpu last 1h step 1m").grouping()).isEqualTo(Grouping.perSeries());
    assertThat(fetch("requests_total last 1h step 1m").aggregation()).isEqualTo(Aggregation.LAST);
  }

  @Test
  void gaugeQuantilesReadRawHistogramQuantilesReadRollups() {
    assertThat(fetch("p95(cpu) last 1d step 1h").tier().name()).isEqualTo("raw");
    SeriesFetch h = fetch("p95(http_latency) by (route) last 1d step 1h");
    assertThat(h.tier().name()).isEqualTo("1h");
    assertThat(h.quantile()).isEqualTo(0.95);
    assertThat(h.grouping()).isEqualTo(Grouping.by(List.of("route")));
  }

  @Test
  void planErrorsArePositioned() {
    QueryException bare = error("avg(cpu) + http_latency last 1h");
    assertThat(bare.getMessage()).startsWith("cannot plan query: histogram http_latency needs");
    assertThat(bare.column()).isEqualTo(12);
    QueryException last = error("last(http_latency) last 1h");
    assertThat(last.reason()).startsWith("last is not defined for histogram");
    assertThat(last.column()).isEqualTo(1);
    QueryException buckets = error("avg(cpu) last 365d step 1m");
    assertThat(buckets.reason()).startsWith("too many buckets");
    assertThat(buckets.column()).isEqualTo(20);
    QueryException reversed = error("avg(cpu) from now to now-1h");
    assertThat(reversed.reason()).startsWith("the range is empty or reversed");
    assertThat(reversed.column()).isEqualTo(10);
  }

  @Test
  void comparePlansOneFetchPerRelease() {
    Plan.Compare c =
        (Plan.Compare)
            TidemarkQuery.plan(
                "compare release \"v1.2.0\" to \"v1.3.0\" on bench_ops{release=\"x\"} by"
                    + " (operation, release) last 30d",
                ctx,
                data);
    assertThat(c.groupLabels()).containsExactly("operation");
    assertThat(c.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
    assertThat(c.baselineFetch().matchers()).containsExactly(LabelMatcher.eq("release", "v1.2.0"));
    assertThat(c.candidateFetch().matchers()).containsExactly(LabelMatcher.eq("release", "v1.3.0"));
    assertThat(c.baselineFetch().aggregation()).isEqualTo(Aggregation.NONE);
    assertThat(c.baselineFetch().bucketing()).isEmpty();
    assertThat(c.baselineFetch().from()).isEqualTo(TierChooserTest.NOW.minus(Duration.ofDays(30)));
    assertThat(c.baselineFetch().tier().name()).isEqualTo("raw");
  }
}
