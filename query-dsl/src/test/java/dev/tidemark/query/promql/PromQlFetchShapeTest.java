package dev.tidemark.query.promql;

import static dev.tidemark.query.promql.PromData.T;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fetches PromQL sends a {@link DataSource}, which a storage implementation must answer: one
 * raw fetch per selector, and one whole-window histogram merge per step.
 */
class PromQlFetchShapeTest {
  final DataSource data = PromData.create();
  final List<SeriesFetch> fetches = new ArrayList<>();
  final DataSource recording =
      new DataSource() {
        @Override
        public MetricKind kind(String metric) {
          return data.kind(metric);
        }

        @Override
        public List<SeriesData> fetch(SeriesFetch f) {
          fetches.add(f);
          return data.fetch(f);
        }
      };

  @Test
  void aSelectorIsOneRawFetchCoveringEveryWindow() {
    PromQl.over(recording)
        .range(PromQl.parse("sum(rate(reqs_total{route='/a'}[5m]))"), T - 600_000, T, 60_000);
    assertThat(fetches)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.aggregation()).isEqualTo(Aggregation.NONE);
              assertThat(f.bucketing()).isEmpty();
              assertThat(f.tier().isRaw()).isTrue();
              assertThat(f.grouping()).isEqualTo(Grouping.perSeries());
              assertThat(f.from()).isEqualTo(Instant.ofEpochMilli(T - 600_000 - 300_000));
              assertThat(f.to()).isEqualTo(Instant.ofEpochMilli(T + 1));
            });
  }

  @Test
  void histogramQuantilesMergeOneWindowPerStep() {
    PromQl.over(recording)
        .range(
            PromQl.parse("histogram_quantile(0.9, sum by (op) (rate(lat[5m])))"),
            T - 120_000,
            T,
            60_000);
    assertThat(fetches).hasSize(3);
    SeriesFetch last = fetches.get(2);
    assertThat(last.aggregation()).isEqualTo(Aggregation.QUANTILE);
    assertThat(last.quantile()).isEqualTo(0.9);
    assertThat(last.grouping()).isEqualTo(Grouping.by(List.of("op")));
    assertThat(last.tier().isRaw()).isTrue();
    assertThat(last.from()).isEqualTo(Instant.ofEpochMilli(T - 300_000 + 1));
    assertThat(last.to()).isEqualTo(Instant.ofEpochMilli(T + 1));
    var bucketing = last.bucketing().orElseThrow();
    assertThat(bucketing.startOf(last.from().toEpochMilli()))
        .as("the whole window is one bucket")
        .isEqualTo(bucketing.startOf(last.to().toEpochMilli() - 1))
        .isZero();
  }
}
