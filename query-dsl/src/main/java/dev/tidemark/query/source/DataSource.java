package dev.tidemark.query.source;

import java.util.List;
import java.util.function.Consumer;

/**
 * The storage contract the evaluator runs against. The server implements it with SQL; {@code
 * InMemoryDataSource} implements it in plain Java and is the oracle the SQL answers are compared
 * with.
 */
public interface DataSource {

  /** The kind of a metric; unknown metrics are {@link MetricKind#GAUGE}. */
  MetricKind kind(String metric);

  /** Executes one fetch; see {@link SeriesFetch} and {@link Aggregation} for the semantics. */
  List<SeriesData> fetch(SeriesFetch fetch);

  /**
   * The series {@link #fetch} returns, handed to {@code each} one at a time as they are read, so a
   * caller that is done with a series before the next need not hold them all: a raw fetch of 10,000
   * series holds every raw sample at once otherwise. Each series once, in any order. A source may
   * lend a series' points ({@link PointList#borrow}): they are valid only until {@code each}
   * returns, so a caller that keeps them copies them. By default the series are fetched whole and
   * then handed over.
   */
  default void fetchEach(SeriesFetch fetch, Consumer<SeriesData> each) {
    fetch(fetch).forEach(each);
  }

  /**
   * As {@link #fetchEach} for a raw ({@link Aggregation#NONE}) fetch, each series with its newest
   * point in the range alone (a series without one is left out): what an instant vector selector at
   * one time reads. A source that keeps the newest points apart answers without reading the rest;
   * by default the last point of each series {@link #fetchEach} hands over.
   */
  default void fetchNewest(SeriesFetch fetch, Consumer<SeriesData> each) {
    fetchEach(
        fetch,
        d -> {
          int n = d.points().size();
          if (n > 0) {
            Point last = d.points().get(n - 1);
            each.accept(
                new SeriesData(
                    d.labels(),
                    PointList.of(new long[] {last.time()}, new double[] {last.value()}, 1)));
          }
        });
  }

  /**
   * Where the series a raw fetch selects ended: Prometheus' staleness markers with {@code from <=
   * ts < to}, grouped like {@link #fetch}, each marker a point whose value is NaN. PromQL's instant
   * vectors stop at a marker. A source that keeps none returns none.
   */
  default List<SeriesData> staleMarkers(SeriesFetch fetch) {
    return List.of();
  }

  /**
   * Every metric name with at least one series (sorted or not), for selectors without a metric name
   * ({@code {job="a"}}, {@code {__name__=~"http_.*"}}): the evaluator narrows the names by the
   * selector's {@code __name__} matchers, then fetches each. A source that cannot list its metrics
   * returns none, and such selectors select nothing.
   */
  default List<String> metricNames() {
    return List.of();
  }
}
