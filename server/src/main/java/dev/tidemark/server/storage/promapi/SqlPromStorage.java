package dev.tidemark.server.storage.promapi;

import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.promql.PromResult;
import dev.tidemark.query.promql.SampleBudget;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.promapi.PromApi;
import dev.tidemark.server.promapi.PromStorage;
import dev.tidemark.server.storage.query.QueryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * {@link PromStorage} over the server's SQL data source: each PromQL query runs on one pooled
 * connection, in the read-only transaction {@link QueryStore#read} opens, under the query limits
 * ({@code query.max.series}, {@code query.timeout}). PromQL reads raw samples and evaluates them in
 * Java, so its point budget is {@code promql.max.samples}, per fetch and for the whole query,
 * rather than the DSL's {@code query.max.points}: a day of 15-second samples is 5,760 per series.
 * Every query of the API shares one {@link SampleBudget} ({@code promql.max.samples.total}).
 */
public final class SqlPromStorage implements PromStorage {
  private final Database database;
  private final QueryStore store;
  private final Limits limits;
  private final int maxSamples;
  private final SampleBudget budget;

  public SqlPromStorage(
      Database database, QueryStore store, Limits limits, int maxSamples, SampleBudget budget) {
    this.database = database;
    this.store = store;
    this.limits =
        new Limits(
            limits.maxBuckets(),
            limits.maxSeries(),
            maxSamples,
            limits.timeout(),
            limits.autoPoints());
    this.maxSamples = maxSamples;
    this.budget = budget;
  }

  /** The Prometheus API over this storage, the SQL series catalogue and metric metadata. */
  public static PromApi api(
      Database database,
      QueryStore store,
      Limits limits,
      int maxSamples,
      SampleBudget budget,
      dev.tidemark.server.promapi.MetadataStore metadata) {
    return new PromApi(
        new SqlPromStorage(database, store, limits, maxSamples, budget),
        new SqlSeriesCatalog(database),
        Clock.systemUTC(),
        metadata);
  }

  @Override
  public long maxSamples() {
    return maxSamples;
  }

  @Override
  public SampleBudget budget() {
    return budget;
  }

  @Override
  public Future<PromResult> evaluate(Function<DataSource, PromResult> work) {
    return database.call(Vertx.currentContext(), c -> store.read(c, Instant.now(), limits, work));
  }
}
