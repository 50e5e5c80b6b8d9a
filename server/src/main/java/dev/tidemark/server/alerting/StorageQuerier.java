package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.DataSourceQuerier;
import dev.tidemark.alerting.eval.RuleQuerier;
import dev.tidemark.alerting.eval.Sample;
import dev.tidemark.alerting.rules.Expression;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.query.QueryStore;
import java.time.Instant;
import java.util.List;

/**
 * Rule expressions against stored data: each runs on one pooled connection in the read-only
 * transaction the query endpoints use, under the same limits. Called on the rule engine's threads,
 * never on an event loop.
 */
final class StorageQuerier implements RuleQuerier {
  private final Database database;
  private final QueryStore store;
  private final Limits limits;
  private final long maxSamples;

  StorageQuerier(Database database, QueryStore store, Limits limits, long maxSamples) {
    this.database = database;
    this.store = store;
    this.limits = limits;
    this.maxSamples = maxSamples;
  }

  @Override
  public List<Sample> instant(Expression expr, long time) throws Exception {
    return database.withConnection(
        c ->
            store.read(
                c,
                Instant.ofEpochMilli(time),
                limits,
                source ->
                    DataSourceQuerier.instant(expr, time, source, store.tiers(), maxSamples)));
  }
}
