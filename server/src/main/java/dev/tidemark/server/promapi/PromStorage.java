package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.PromResult;
import dev.tidemark.query.promql.SampleBudget;
import dev.tidemark.query.source.DataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * How the Prometheus API reaches stored data: runs one query's evaluation against a {@link
 * DataSource}, off the event loop (the data source blocks), and completes on the caller's context.
 * The server's SQL data source lives for one query on one connection, so this is a function of the
 * work rather than a data source:
 *
 * <pre>{@code
 * work -> storage.database().call(Vertx.currentContext(), c -> store.read(c, Instant.now(), limits, work))
 * }</pre>
 */
@FunctionalInterface
public interface PromStorage {

  Future<PromResult> evaluate(Function<DataSource, PromResult> work);

  /** Most raw samples one query may read, over all its selectors. */
  default long maxSamples() {
    return PromQl.DEFAULT_MAX_SAMPLES;
  }

  /** What every query running at once may hold together. */
  default SampleBudget budget() {
    return SampleBudget.unlimited();
  }

  /** A thread-safe data source (such as {@code InMemoryDataSource}) run on Vert.x workers. */
  static PromStorage blocking(DataSource source) {
    return work -> Vertx.currentContext().owner().executeBlocking(() -> work.apply(source), false);
  }
}
