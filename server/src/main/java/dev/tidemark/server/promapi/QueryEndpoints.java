package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.PromResult;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * {@code /api/v1/query} and {@code /api/v1/query_range}. PromQL is parsed on the event loop and
 * evaluated through {@link PromStorage}, off the event loop. Queries that read no data ({@code
 * 1+1}, Grafana's Save & Test) are answered even when no data source is wired.
 */
final class QueryEndpoints {
  /** Prometheus' limit on points per series of a range query. */
  static final long MAX_POINTS = 11_000;

  /** Stands in for storage in queries that read none; never called. */
  private static final DataSource NO_DATA =
      new DataSource() {
        @Override
        public MetricKind kind(String metric) {
          throw new IllegalStateException("cannot read data: none is needed");
        }

        @Override
        public List<SeriesData> fetch(SeriesFetch f) {
          throw new IllegalStateException("cannot read data: none is needed");
        }
      };

  private final PromStorage storage;
  private final Clock clock;

  /** {@code storage} null: no data source is wired, only data-free queries answer. */
  QueryEndpoints(PromStorage storage, Clock clock) {
    this.storage = storage;
    this.clock = clock;
  }

  void instant(RoutingContext ctx) {
    MultiMap p = ctx.request().params();
    long time;
    try {
      time = PromParams.time("time", p.get("time"), clock.millis());
    } catch (PromParams.BadParam e) {
      PromResponses.badData(ctx, e.getMessage());
      return;
    }
    run(ctx, p.get("query"), (engine, expr) -> engine.instant(expr, time));
  }

  void range(RoutingContext ctx) {
    MultiMap p = ctx.request().params();
    long start;
    long end;
    long step;
    try {
      start = PromParams.requiredTime("start", p.get("start"));
      end = PromParams.requiredTime("end", p.get("end"));
      step = PromParams.step(p.get("step"));
    } catch (PromParams.BadParam e) {
      PromResponses.badData(ctx, e.getMessage());
      return;
    }
    if (end < start) {
      PromResponses.badData(
          ctx, "cannot parse parameter \"end\": end timestamp must not be before start time");
      return;
    }
    if ((end - start) / step > MAX_POINTS) {
      PromResponses.badData(
          ctx,
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
              + " resolution (?step=XX)");
      return;
    }
    run(ctx, p.get("query"), (engine, expr) -> engine.range(expr, start, end, step));
  }

  /** {@code /api/v1/format_query}: the query as Prometheus prints it, or why it does not parse. */
  static void format(RoutingContext ctx) {
    String query = ctx.request().params().get("query");
    if (query == null || query.isBlank()) {
      PromResponses.badData(ctx, "cannot parse parameter \"query\": the parameter is missing");
      return;
    }
    try {
      PromResponses.success(
          ctx, io.vertx.core.json.Json.encode(PromQl.format(PromQl.parse(query))));
    } catch (RuntimeException e) {
      PromResponses.failure(ctx, e);
    }
  }

  private interface Evaluation {
    PromResult run(PromQl engine, Expr expr);
  }

  private void run(RoutingContext ctx, String query, Evaluation evaluation) {
    if (query == null || query.isBlank()) {
      PromResponses.badData(ctx, "cannot parse parameter \"query\": the parameter is missing");
      return;
    }
    Expr expr;
    try {
      expr = PromQl.parse(query);
    } catch (RuntimeException e) {
      PromResponses.failure(ctx, e);
      return;
    }
    if (!expr.readsData()) {
      try {
        PromResponses.success(ctx, PromJson.result(evaluation.run(PromQl.over(NO_DATA), expr)));
      } catch (RuntimeException e) {
        PromResponses.failure(ctx, e);
      }
      return;
    }
    if (storage == null) {
      PromResponses.error(
          ctx, 503, "unavailable", "cannot evaluate query: no data source is wired yet");
      return;
    }
    storage
        .evaluate(
            source ->
                evaluation.run(PromQl.over(source, storage.maxSamples(), storage.budget()), expr))
        .onSuccess(result -> PromResponses.success(ctx, PromJson.result(result)))
        .onFailure(t -> PromResponses.failure(ctx, t));
  }
}
