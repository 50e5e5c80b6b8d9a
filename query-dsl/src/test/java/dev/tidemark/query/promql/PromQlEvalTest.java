package dev.tidemark.query.promql;

import static dev.tidemark.query.promql.PromData.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Supported queries with expected values on {@link PromData}. */
class PromQlEvalTest {
  final PromQl engine = PromQl.over(PromData.create());

  /** Instant query result as "labels=value" lines, sorted, labels without __name__. */
  String instant(String q) {
    PromResult r = engine.instant(PromQl.parse(q), T);
    if (r instanceof PromResult.Scalar s) {
      return "scalar=" + fmt(s.value());
    }
    return ((PromResult.Vector) r)
        .samples().stream()
            .map(s -> render(s.labels()) + "=" + fmt(s.value()))
            .sorted()
            .collect(Collectors.joining(" "));
  }

  static String render(Map<String, String> labels) {
    return new TreeMap<>(labels).toString().replace(" ", "");
  }

  static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  /** histogram_sum uses bucket representative values (LogBuckets, within 0.5%): 5051, not 5050. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1+1 | scalar=2.0000",
        "-2 ^ 2 | scalar=-4.0000",
        "2 * 3 ^ 2 - 10 % 3 | scalar=17.0000",
        "(1 + 2) * 3 / 2 | scalar=4.5000",
        "1 == bool 1 | scalar=1.0000",
        "time() | scalar=1700001600.0000",
        "cpu{host=~'h[12]'} | {__name__=cpu,host=h1,release=v1}=10.0000"
            + " {__name__=cpu,host=h2,release=v1}=30.0000",
        "cpu{release!='v1'} | {__name__=cpu,host=h3,release=v2}=50.0000",
        "sum(cpu) | {}=90.0000",
        "avg by (release) (cpu) | {release=v1}=20.0000 {release=v2}=50.0000",
        "count without (host) (cpu) | {release=v1}=2.0000 {release=v2}=1.0000",
        "max(cpu) - min(cpu) | {}=40.0000",
        "cpu > 20 | {__name__=cpu,host=h2,release=v1}=30.0000"
            + " {__name__=cpu,host=h3,release=v2}=50.0000",
        "cpu > bool 20 | {host=h1,release=v1}=0.0000 {host=h2,release=v1}=1.0000"
            + " {host=h3,release=v2}=1.0000",
        "cpu / 10 | {host=h1,release=v1}=1.0000 {host=h2,release=v1}=3.0000"
            + " {host=h3,release=v2}=5.0000",
        "topk(1, cpu) | {__name__=cpu,host=h3,release=v2}=50.0000",
        "quantile(0.5, cpu) | {}=30.0000",
        "rate(reqs_total{route='/a'}[5m]) | {route=/a}=0.6667",
        "increase(reqs_total{route='/a'}[5m]) | {route=/a}=200.0000",
        "sum(rate(reqs_total[5m])) | {}=1.0000",
        "irate(reqs_total{route='/b'}[1m]) | {route=/b}=0.3333",
        "reqs_total - reqs_total offset 5m | {route=/a}=200.0000 {route=/b}=100.0000",
        "count_over_time(cpu{host='h1'}[5m]) | {host=h1,release=v1}=6.0000",
        "max by (release) (max_over_time(cpu[10m])) | {release=v1}=30.0000 {release=v2}=50.0000",
        "last_over_time(reqs_total{route='/a'}[1m]) | {__name__=reqs_total,route=/a}=800.0000",
        "histogram_count(increase(lat{op='x'}[5m])) | {op=x,release=v1}=500.0000",
        "histogram_count(sum(rate(lat[5m]))) | {}=3.3333",
        "histogram_sum(increase(lat{op='x'}[1m])) | {op=x,release=v1}=5051.1174",
        "abs(-cpu{host='h1'}) | {host=h1,release=v1}=10.0000",
        "vector(3) * 2 | {}=6.0000",
        "scalar(sum(cpu)) | scalar=90.0000",
        "nothing_here | ''",
      })
  void instantQueries(String query, String expected) {
    assertThat(instant(query)).isEqualTo(expected == null ? "" : expected);
  }

  @Test
  void histogramQuantileMergesWindowsAndSeries() {
    PromResult.Vector v =
        (PromResult.Vector)
            engine.instant(
                PromQl.parse("histogram_quantile(0.5, sum by (release) (rate(lat[5m])))"), T);
    Map<String, Double> byRelease =
        v.samples().stream()
            .collect(Collectors.toMap(s -> s.labels().get("release"), s -> s.value()));
    assertThat(byRelease.get("v1")).isCloseTo(50.5, within(1.0));
    assertThat(byRelease.get("v2")).isCloseTo(150.5, within(2.0));
    PromResult.Vector all =
        (PromResult.Vector)
            engine.instant(PromQl.parse("histogram_quantile(0.99, sum(increase(lat[20m])))"), T);
    assertThat(all.samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).isEmpty();
              assertThat(s.value()).isCloseTo(198, within(2.0));
            });
  }

  @Test
  void rangeQueryHasOnePointPerStep() {
    PromResult.Matrix m =
        (PromResult.Matrix)
            engine.range(PromQl.parse("sum(rate(reqs_total[1m]))"), T - 600_000, T, 60_000);
    assertThat(m.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.times()).hasSize(11).startsWith(T - 600_000).endsWith(T);
              for (double v : s.values()) {
                assertThat(v).isCloseTo(1.0, within(1e-9));
              }
            });
    PromResult.Matrix scalar =
        (PromResult.Matrix) engine.range(PromQl.parse("1+1"), T - 120_000, T, 60_000);
    assertThat(scalar.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).isEmpty();
              assertThat(s.values()).containsExactly(2, 2, 2);
            });
  }

  @Test
  void histogramQuantileOverARange() {
    PromResult.Matrix m =
        (PromResult.Matrix)
            engine.range(
                PromQl.parse("histogram_quantile(0.5, sum by (op) (rate(lat{op='x'}[2m])))"),
                T - 300_000,
                T,
                60_000);
    assertThat(m.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).containsExactly(Map.entry("op", "x"));
              assertThat(s.times()).hasSize(6);
              for (double v : s.values()) {
                assertThat(v).isCloseTo(50.5, within(1.0));
              }
            });
  }

  @Test
  void lookbackEndsFiveMinutesAfterTheLastSample() {
    // Prometheus 2.x: the lookback [t - 5m, t] still holds the sample at T at T + 5m
    PromResult.Matrix m =
        (PromResult.Matrix) engine.range(PromQl.parse("cpu{host='h1'}"), T, T + 600_000, 60_000);
    assertThat(m.series()).singleElement().satisfies(s -> assertThat(s.times()).hasSize(6));
  }

  @Test
  void aStalenessMarkerEndsTheLookbackButNotTheWindows() {
    var data = dev.tidemark.query.source.memory.InMemoryDataSource.create();
    Map<String, String> labels = Map.of("job", "a");
    for (int k = 0; k < 4; k++) {
      data.add("up", labels, java.time.Instant.ofEpochMilli(T + k * 15_000L), 1);
    }
    data.markStale("up", labels, java.time.Instant.ofEpochMilli(T + 60_000));
    data.add("up", labels, java.time.Instant.ofEpochMilli(T + 180_000), 1);
    PromResult.Matrix m =
        (PromResult.Matrix) PromQl.over(data).range(PromQl.parse("up"), T, T + 240_000, 30_000);
    // values at T, T+30s; gone at T+60s (the marker), T+90s..T+150s; back from T+180s
    assertThat(m.series())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.times())
                    .containsExactly(T, T + 30_000, T + 180_000, T + 210_000, T + 240_000));
    PromResult.Vector counted =
        (PromResult.Vector)
            PromQl.over(data).instant(PromQl.parse("count_over_time(up[5m])"), T + 120_000);
    assertThat(counted.samples())
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(4));
  }

  @Test
  void rangeVectorIsAMatrixForInstantQueries() {
    PromResult r = engine.instant(PromQl.parse("cpu{host='h1'}[3m]"), T);
    assertThat(r.resultType()).isEqualTo("matrix");
    // [T - 3m, T]: both ends included, as in Prometheus 2.x
    assertThat(((PromResult.Matrix) r).series().get(0).values()).containsExactly(10, 10, 10, 10);
    assertThatThrownBy(() -> engine.range(PromQl.parse("cpu[3m]"), T - 60_000, T, 60_000))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("invalid expression type \"range vector\" for range query");
  }

  @Test
  void histogramsNeedHistogramFunctions() {
    assertThatThrownBy(() -> engine.instant(PromQl.parse("rate(lat[5m])"), T))
        .isInstanceOf(PromQlException.class)
        .hasMessageStartingWith("cannot evaluate query: lat is a histogram");
    // float samples hold no histogram: Prometheus answers nothing
    assertThat(instant("histogram_count(rate(cpu[5m]))")).isEmpty();
    assertThat(instant("histogram_quantile(0.5, rate(cpu[5m]))")).isEmpty();
  }
}
