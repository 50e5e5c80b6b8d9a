package dev.tidemark.query.source;

import java.util.List;

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
}
