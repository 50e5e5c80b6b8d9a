package dev.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parts of PromQL beyond selectors and aggregations, with answers worked out by hand from
 * Prometheus' documented semantics (the compliance test in {@code server} checks the same against a
 * real Prometheus): vector matching, set operators, subqueries, {@code @}, label functions, {@code
 * absent}, {@code count_values}, dates, regression.
 */
class PromQlLanguageTest {
  /** 2023-11-14T22:40:00Z, a Tuesday. */
  static final long T = 1_700_001_600_000L;

  final PromQl engine = PromQl.over(data());

  /**
   * {@code mem{host, type}}: h1 free 10 / used 30, h2 free 20 / used 40; {@code cpus{host}}: h1 2,
   * h2 4; {@code ramp}: 0, 1, 2, … every 15 s for 20 minutes (slope 1/15 per second).
   */
  static InMemoryDataSource data() {
    InMemoryDataSource d = InMemoryDataSource.create();
    for (int k = 0; k <= 80; k++) {
      Instant t = Instant.ofEpochMilli(T - 1_200_000 + k * 15_000L);
      d.add("mem", Map.of("host", "h1", "type", "free"), t, 10);
      d.add("mem", Map.of("host", "h1", "type", "used"), t, 30);
      d.add("mem", Map.of("host", "h2", "type", "free"), t, 20);
      d.add("mem", Map.of("host", "h2", "type", "used"), t, 40);
      d.add("cpus", Map.of("host", "h1"), t, 2);
      d.add("cpus", Map.of("host", "h2"), t, 4);
      d.add("ramp", Map.of(), t, k);
    }
    return d;
  }

  String instant(String q) {
    PromResult r = engine.instant(PromQl.parse(q), T);
    if (r instanceof PromResult.Scalar s) {
      return "scalar=" + fmt(s.value());
    }
    return ((PromResult.Vector) r)
        .samples().stream()
            .map(s -> new TreeMap<>(s.labels()).toString().replace(" ", "") + "=" + fmt(s.value()))
            .sorted()
            .collect(Collectors.joining(" "));
  }

  static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mem / on (host) group_left cpus | {host=h1,type=free}=5.0000 {host=h1,type=used}=15.0000"
            + " {host=h2,type=free}=5.0000 {host=h2,type=used}=10.0000",
        "cpus * on (host) group_right mem{type='free'} | {host=h1,type=free}=20.0000"
            + " {host=h2,type=free}=80.0000",
        "sum by (host) (mem) / ignoring (type) cpus | {host=h1}=20.0000 {host=h2}=15.0000",
        "mem{type='free'} / on (host) group_left (type) cpus | {host=h1}=5.0000 {host=h2}=5.0000",
        "mem{type='used'} > on (host, type) mem | ''",
        "mem and on (host) cpus > 3 | {__name__=mem,host=h2,type=free}=20.0000"
            + " {__name__=mem,host=h2,type=used}=40.0000",
        "mem{type='free'} unless on (host) cpus > 3 | {__name__=mem,host=h1,type=free}=10.0000",
        "cpus > 3 or on (host) cpus | {__name__=cpus,host=h1}=2.0000"
            + " {__name__=cpus,host=h2}=4.0000",
        "cpus > 3 or cpus * 10 | {__name__=cpus,host=h2}=4.0000 {host=h1}=20.0000",
        "max_over_time(sum(cpus)[5m:1m]) | {}=6.0000",
        "count_over_time(ramp[5m:1m]) | {}=6.0000",
        "ramp @ 1700000700 | {__name__=ramp}=20.0000",
        "ramp offset 5m @ 1700000700 | {__name__=ramp}=0.0000",
        "ramp @ end() | {__name__=ramp}=80.0000",
        "deriv(ramp[5m]) | {}=0.0667",
        "predict_linear(ramp[5m], 150) | {}=90.0000",
        "mad_over_time(ramp[1m]) | {}=1.0000",
        "label_replace(cpus, 'id', 'n-$1', 'host', 'h(.*)') | {__name__=cpus,host=h1,id=n-1}=2.0000"
            + " {__name__=cpus,host=h2,id=n-2}=4.0000",
        "label_join(cpus, 'j', '-', 'host', 'host') | {__name__=cpus,host=h1,j=h1-h1}=2.0000"
            + " {__name__=cpus,host=h2,j=h2-h2}=4.0000",
        "count_values('n', cpus) | {n=2}=1.0000 {n=4}=1.0000",
        "absent(nothing{job='a', x=~'y'}) | {job=a}=1.0000",
        "absent(cpus) | ''",
        "absent_over_time(nothing[5m]) | {}=1.0000",
        "clamp(cpus, 5, 1) | ''",
        "timestamp(cpus{host='h1'}) | {host=h1}=1700001600.0000",
        "day_of_week() | {}=2.0000",
        "hour(vector(1700001600)) | {}=22.0000",
        "{__name__=~'c.*', host='h1'} | {__name__=cpus,host=h1}=2.0000",
        "sum by (__name__) ({host='h2'}) | {__name__=cpus}=4.0000 {__name__=mem}=60.0000",
        "vector(1) atan2 vector(1) | {}=0.7854",
      })
  void answers(String query, String expected) {
    assertThat(instant(query)).isEqualTo(expected == null ? "" : expected);
  }

  @Test
  void matchingErrorsAreTheOnesPrometheusGives() {
    assertThatThrownBy(() -> instant("mem / on (host) cpus"))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("many-to-one matching must be explicit");
    assertThatThrownBy(() -> instant("cpus / on (host) mem"))
        .hasMessageContaining("many-to-many matching not allowed");
    assertThatThrownBy(() -> instant("label_replace(cpus, 'host', '', '', '')"))
        .hasMessageContaining("same labelset");
  }

  @Test
  void hugeSubqueriesAndTimesAreRefused() {
    assertThatThrownBy(() -> instant("max_over_time(cpus[300y:1ms])"))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("subquery has too many steps");
    assertThatThrownBy(() -> PromQl.parse("cpus @ 1e15"))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("timestamp out of bounds for @ modifier");
  }

  @Test
  void rangeQueriesAreSortedByLabels() {
    PromResult.Matrix m =
        (PromResult.Matrix) engine.range(PromQl.parse("mem"), T - 60_000, T, 30_000);
    assertThat(m.series().stream().map(s -> s.labels().get("host") + s.labels().get("type")))
        .containsExactly("h1free", "h1used", "h2free", "h2used");
  }
}
