package dev.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** histogram_quantile over classic {@code _bucket} counters, as remote_write delivers them. */
class ClassicHistogramQuantileTest {
  static final long T0 = 1_700_000_400_000L;
  static final long T = T0 + 10 * 60_000;

  static InMemoryDataSource data() {
    InMemoryDataSource d =
        InMemoryDataSource.create().declare("req_seconds_bucket", MetricKind.COUNTER);
    Map<String, Double> perScrape = Map.of("0.1", 10.0, "0.5", 30.0, "1", 40.0, "+Inf", 40.0);
    for (int k = 0; k <= 40; k++) {
      Instant t = Instant.ofEpochMilli(T0 + k * 15_000L);
      for (String instance : new String[] {"a", "b"}) {
        final int step = k;
        perScrape.forEach(
            (le, inc) ->
                d.add(
                    "req_seconds_bucket",
                    Map.of("le", le, "instance", instance, "job", "api"),
                    t,
                    inc * step));
      }
    }
    return d;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "histogram_quantile(0.5, sum by (le) (rate(req_seconds_bucket[5m]))) | 0.3",
        "histogram_quantile(0.9, sum without (instance) (rate(req_seconds_bucket[5m]))) | 0.8",
        "histogram_quantile(1, sum by (le, job) (increase(req_seconds_bucket[5m]))) | 1.0",
        "histogram_quantile(0.05, rate(req_seconds_bucket{instance='a'}[5m])) | 0.02",
      })
  void quantilesInterpolateInsideBuckets(String query, double expected) {
    PromResult.Vector v = (PromResult.Vector) PromQl.over(data()).instant(PromQl.parse(query), T);
    assertThat(v.samples()).isNotEmpty();
    for (PromResult.Sample s : v.samples()) {
      assertThat(s.labels()).doesNotContainKeys("le", "__name__");
      assertThat(s.value()).as(query).isCloseTo(expected, within(1e-9));
    }
  }
}
