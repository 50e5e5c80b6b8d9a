package dev.tidemark.server.storage.promapi;

import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.promql.PromResult;
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
 * ({@code query.max.series}, {@code query.max.points} per fetch, {@code query.timeout}).
 */
public final class SqlPromStorage implements PromStorage {
  private final Database database;
  private final QueryStore store;
  private final Limits limits;

  public SqlPromStorage(Database database, QueryStore store, Limits limits) {
    this.database = database;
    this.store = store;
    this.limits = limits;
  }

  /** The Prometheus API over this storage and the SQL series catalogue. */
  public static PromApi api(Database database, QueryStore store, Limits limits) {
    return new PromApi(
        new SqlPromStorage(database, store, limits),
        new SqlSeriesCatalog(database),
        Clock.systemUTC());
  }

  @Override
  public Future<PromResult> evaluate(Function<DataSource, PromResult> work) {
    return database.call(Vertx.currentContext(), c -> store.read(c, Instant.now(), limits, work));
  }
}
