package dev.tidemark.query.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.plan.FetchMatrix;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.query.time.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesDiffTest {

  private static final Map<String, String> A = Map.of("host", "a");

  @Test
  void reportsMissingExtraAndDifferentPoints() {
    List<SeriesData> expected =
        List.of(new SeriesData(A, List.of(new Point(0, 1), new Point(60_000, 2))));
    List<SeriesData> actual =
        List.of(
            new SeriesData(A, List.of(new Point(0, 1.0000001), new Point(120_000, 2))),
            new SeriesData(Map.of("host", "b"), List.of(new Point(0, 1))));
    assertThat(SeriesDiff.between(expected, actual, 1e-6))
        .containsExactlyInAnyOrder(
            "{host=a}: missing point at 60000",
            "{host=a}: unexpected point at 120000",
            "unexpected series {host=b}");
    assertThat(SeriesDiff.between(expected, expected, 0)).isEmpty();
  }

  @Test
  void theOracleAgreesWithItselfOverTheWholeMatrix() {
    InMemoryDataSource d = InMemoryDataSource.create().declare("req", MetricKind.COUNTER);
    Instant t0 = Instant.parse("2026-03-28T00:00:00Z");
    for (int m = 0; m < 3 * 1440; m += 7) {
      d.add("req", Map.of("host", m % 2 == 0 ? "a" : "b"), t0.plus(Duration.ofMinutes(m)), m);
    }
    List<SeriesFetch> fetches =
        FetchMatrix.of(
            "req",
            MetricKind.COUNTER,
            List.of(),
            t0,
            t0.plus(Duration.ofDays(3)),
            t0.plus(Duration.ofDays(3)),
            List.of(
                Tier.raw(Duration.ofDays(14)),
                Tier.rollup("1h", Duration.ofHours(1), Duration.ofDays(365))),
            List.of(Step.fixed(Duration.ofMinutes(30)), Step.day()),
            List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin")),
            List.of(Grouping.all(), Grouping.perSeries(), Grouping.by(List.of("host"))));
    // 3 groupings × (NONE + 8 aggregations × 2 steps × 2 zones + 3 quantiles × 2 × 2)
    assertThat(fetches).hasSize(3 * (1 + 8 * 4 + 3 * 4));
    for (SeriesFetch f : fetches) {
      assertThat(SeriesDiff.between(d.fetch(f), d.fetch(f), 0)).as(f.toString()).isEmpty();
    }
  }
}
