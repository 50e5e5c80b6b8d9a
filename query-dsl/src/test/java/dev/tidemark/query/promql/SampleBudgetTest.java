package dev.tidemark.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a query holds of a shared budget while it runs (a series streamed through a function only
 * while it is evaluated), and that it gives all of it back.
 */
class SampleBudgetTest {
  static final long T0 = 1_700_000_400_000L;
  static final long T = T0 + 20 * 60_000;

  static InMemoryDataSource data() {
    InMemoryDataSource data = InMemoryDataSource.create().declare("reqs_total", MetricKind.COUNTER);
    for (int k = 0; k <= 80; k++) { // one sample each 15 s over 20 minutes ending at T
      Instant t = Instant.ofEpochMilli(T0 + k * 15_000L);
      data.add("reqs_total", Map.of("route", "/a"), t, 10.0 * k);
      data.add("reqs_total", Map.of("route", "/b"), t, 20.0 * k);
      data.add("cpu", Map.of("host", "h1"), t, 10);
    }
    return data;
  }

  /** A data source that hands series over one at a time and notes what the budget holds first. */
  record Watching(DataSource data, SampleBudget budget, List<Long> heldBefore)
      implements DataSource {
    @Override
    public MetricKind kind(String metric) {
      return data.kind(metric);
    }

    @Override
    public List<SeriesData> fetch(SeriesFetch f) {
      throw new AssertionError("PromQL reads raw series one at a time");
    }

    @Override
    public void fetchEach(SeriesFetch f, Consumer<SeriesData> each) {
      for (SeriesData d : data.fetch(f)) {
        heldBefore.add(budget.held());
        each.accept(d);
      }
    }
  }

  @Test
  void aSeriesAFunctionReducesIsHeldOnlyWhileItIsEvaluated() {
    SampleBudget budget = new SampleBudget(1_000);
    Watching source = new Watching(data(), budget, new ArrayList<>());
    PromResult r =
        PromQl.over(source, 1_000, budget)
            .instant(PromQl.parse("sum(sum_over_time(reqs_total[20m])) + on() count(cpu)"), T);
    assertThat(r).isInstanceOf(PromResult.Vector.class);
    assertThat(source.heldBefore()).containsExactly(0L, 0L, 0L); // /a, /b, then cpu
    assertThat(budget.held()).isZero();
  }

  @Test
  void aRangeVectorAnsweredAsItIsIsHeldUntilTheQueryEnds() {
    SampleBudget budget = new SampleBudget(1_000);
    Watching source = new Watching(data(), budget, new ArrayList<>());
    PromResult r = PromQl.over(source, 1_000, budget).instant(PromQl.parse("reqs_total[20m]"), T);
    assertThat(r).isInstanceOf(PromResult.Matrix.class);
    assertThat(source.heldBefore()).containsExactly(0L, 81L); // 81 samples a series
    assertThat(budget.held()).isZero();
  }

  @Test
  void aSeriesThatWouldPassTheBudgetIsUnavailableAndGivesBackWhatItTook() {
    SampleBudget budget = new SampleBudget(200);
    budget.take(150); // another query's
    PromQl engine = PromQl.over(data(), 1_000, budget);
    assertThatThrownBy(() -> engine.instant(PromQl.parse("sum_over_time(reqs_total[20m])"), T))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNAVAILABLE))
        .hasMessageStartingWith(
            "cannot evaluate query: the queries running now hold too many raw samples [held=");
    assertThat(budget.held()).isEqualTo(150);
    budget.give(50);
    // 162 samples in all, 81 held at a time: streamed, they fit beside the other query's 100
    assertThat(engine.instant(PromQl.parse("sum_over_time(reqs_total[20m])"), T))
        .isInstanceOf(PromResult.Vector.class);
    assertThat(budget.held()).isEqualTo(100);
    // held to the end, they do not
    assertThatThrownBy(() -> engine.instant(PromQl.parse("reqs_total[20m]"), T))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.UNAVAILABLE));
    assertThat(budget.held()).isEqualTo(100);
  }

  @Test
  void aQueryOverItsOwnLimitFailsAsBeforeAndGivesBackToo() {
    SampleBudget budget = new SampleBudget(10_000);
    PromQl engine = PromQl.over(data(), 100, budget);
    assertThatThrownBy(() -> engine.instant(PromQl.parse("sum_over_time(reqs_total[20m])"), T))
        .isInstanceOfSatisfying(
            PromQlException.class,
            e -> assertThat(e.kind()).isEqualTo(PromQlException.Kind.EXECUTION))
        .hasMessage("cannot evaluate query: query reads too many samples [maxSamples=100]");
    assertThat(budget.held()).isZero();
  }
}
