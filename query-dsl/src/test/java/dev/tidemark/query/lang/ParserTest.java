package dev.tidemark.query.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.lang.ast.Analysis;
import dev.tidemark.query.lang.ast.Binary;
import dev.tidemark.query.lang.ast.Call;
import dev.tidemark.query.lang.ast.CompareQuery;
import dev.tidemark.query.lang.ast.NumberLiteral;
import dev.tidemark.query.lang.ast.Selector;
import dev.tidemark.query.lang.ast.SeriesQuery;
import dev.tidemark.query.lang.ast.TimePoint;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.MatchOp;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {

  private static SeriesQuery series(String q) {
    return (SeriesQuery) Parser.parse(q);
  }

  @Test
  void selectorWithAllFourMatchers() {
    Selector s =
        (Selector)
            series("cpu_percent{host=\"h1\", env!=\"dev\", route=~\"/api/.*\", code!~\"5..\",}")
                .expr();
    assertThat(s.metric()).isEqualTo("cpu_percent");
    assertThat(s.matchers())
        .extracting(m -> m.op())
        .containsExactly(MatchOp.EQ, MatchOp.NE, MatchOp.RE, MatchOp.NRE);
    assertThat(s.toString())
        .isEqualTo("cpu_percent{host=\"h1\", env!=\"dev\", route=~\"/api/.*\", code!~\"5..\"}");
  }

  @Test
  void aggregationsQuantilesAndGrouping() {
    Call c = (Call) series("p99(http_latency{service=\"checkout\"}) by (route, release)").expr();
    assertThat(c.fn()).isEqualTo(Aggregation.QUANTILE);
    assertThat(c.quantile()).isEqualTo(0.99);
    assertThat(c.by()).contains(List.of("route", "release"));
    Call q = (Call) series("quantile(0.999, lat)").expr();
    assertThat(q.quantile()).isEqualTo(0.999);
    assertThat(((Call) series("p999(lat)").expr()).quantile()).isEqualTo(0.999);
    assertThat(((Call) series("p50(lat)").expr()).quantile()).isEqualTo(0.5);
    assertThat(((Call) series("rate(requests_total)").expr()).fn()).isEqualTo(Aggregation.RATE);
    assertThat(((Call) series("sum(x) by ()").expr()).by()).contains(List.of());
  }

  @Test
  void arithmeticPrecedence() {
    Binary b = (Binary) series("increase(err) / increase(req) * 100 - 1").expr();
    assertThat(b.toString()).isEqualTo("(((increase(err) / increase(req)) * 100) - 1)");
    assertThat(((NumberLiteral) ((Binary) series("1 + 2e3").expr()).right()).value())
        .isEqualTo(2000);
    assertThat(series("-(a + b) * 2").expr().toString()).isEqualTo("(-(a + b) * 2)");
  }

  @Test
  void relativeAndAbsoluteRanges() {
    SeriesQuery last = series("avg(cpu) last 7d");
    assertThat(((TimePoint.Now) last.clauses().range().get().from()).offset())
        .isEqualTo(Duration.ofDays(-7));
    SeriesQuery rel = series("avg(cpu) from now-2h to now-30m");
    assertThat(((TimePoint.Now) rel.clauses().range().get().to()).offset())
        .isEqualTo(Duration.ofMinutes(-30));
    SeriesQuery abs =
        series("avg(cpu) from \"2026-03-29T01:00:00+01:00\" to \"2026-03-30T00:00Z\"");
    assertThat(((TimePoint.Absolute) abs.clauses().range().get().from()).instant())
        .isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
    SeriesQuery local = series("avg(cpu) from \"2026-03-29\" to \"2026-03-30T06:00\"");
    assertThat(local.clauses().range().get().from()).isInstanceOf(TimePoint.Local.class);
  }

  @Test
  void stepsAndZones() {
    assertThat(series("avg(cpu) step 1d").clauses().step().get().step()).contains(Step.day());
    assertThat(series("avg(cpu) step 1w").clauses().step().get().step()).contains(Step.week());
    assertThat(series("avg(cpu) step 24h").clauses().step().get().step())
        .contains(Step.fixed(Duration.ofHours(24)));
    assertThat(series("avg(cpu) step auto").clauses().step().get().step()).isEmpty();
    assertThat(series("avg(cpu) zone \"Europe/Berlin\" step 1d").clauses().zone().get().zone())
        .isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void analysesWithOptions() {
    SeriesQuery q =
        series(
            "avg(cpu) last 30d step 1h | trend forecast 24 | anomalies ewma threshold 4"
                + " | anomalies seasonal 1d | changepoints pvalue 0.01 magnitude 5% min_segment 8");
    assertThat(q.analyses()).hasSize(4);
    assertThat(((Analysis.Trend) q.analyses().get(0)).forecast()).isEqualTo(24);
    Analysis.Anomalies ewma = (Analysis.Anomalies) q.analyses().get(1);
    assertThat(ewma.method()).isEqualTo(Analysis.AnomalyMethod.EWMA);
    assertThat(ewma.threshold()).isEqualTo(4);
    assertThat(((Analysis.Anomalies) q.analyses().get(2)).season()).contains(Duration.ofDays(1));
    Analysis.ChangePoints cp = (Analysis.ChangePoints) q.analyses().get(3);
    assertThat(cp.pValue()).isEqualTo(0.01);
    assertThat(cp.minMagnitude()).isEqualTo(0.05);
    assertThat(cp.minSegment()).isEqualTo(8);
  }

  @Test
  void releaseComparison() {
    CompareQuery c =
        (CompareQuery)
            Parser.parse(
                "compare release \"v1.2.0\" to \"v1.3.0\" on bench_ms{suite=\"checkout\"}"
                    + " by (operation) last 30d threshold 3% alpha 0.01 higher is better");
    assertThat(c.baseline()).isEqualTo("v1.2.0");
    assertThat(c.candidate()).isEqualTo("v1.3.0");
    assertThat(c.by()).contains(List.of("operation"));
    assertThat(c.threshold()).isEqualTo(0.03);
    assertThat(c.alpha()).isEqualTo(0.01);
    assertThat(c.direction()).contains(Direction.HIGHER_IS_BETTER);
  }

  @Test
  void commentsAndNewlines() {
    SeriesQuery q =
        series(
            "# p95 latency per route\np95(http_latency)   # the histogram\n  by (route)\n last 1d");
    assertThat(((Call) q.expr()).by()).contains(List.of("route"));
  }
}
