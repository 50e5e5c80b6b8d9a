package dev.tidemark.server.traces;

import dev.tidemark.protocol.Span;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.traces.SpanStore;
import dev.tidemark.traces.otlp.TraceEncoder;
import dev.tidemark.traces.search.SpanQuery;
import dev.tidemark.traces.search.TraceSummary;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Tidemark's trace API, and the trace-by-id half of the Tempo-shaped API (the same path):
 *
 * <ul>
 *   <li>{@code GET /api/traces?service=&operation=&release=&from=&to=&minDuration=&maxDuration=
 *       &status=error&attr.<key>=&resource.<key>=&limit=} — traces with a matching span;
 *   <li>{@code GET /api/traces/services}, {@code GET /api/traces/services/{service}/operations};
 *   <li>{@code GET /api/traces/{traceId}} — the whole trace as OTLP: protobuf {@code TracesData}
 *       when the client accepts {@code application/protobuf} (what Grafana's Tempo datasource asks
 *       for), else OTLP/JSON under Tempo's {@code "batches"}; 404 when no span is stored;
 *   <li>{@code GET /api/v2/traces/{traceId}} — Tempo 2's {@code {"trace":{"resourceSpans":…}}}.
 * </ul>
 */
public final class TraceEndpoints {
  private final SpanStore store;

  public TraceEndpoints(SpanStore store) {
    this.store = store;
  }

  public void mount(Router router, Handler<RoutingContext> readAuth) {
    router.get("/api/traces").handler(readAuth).handler(this::search);
    router.get("/api/traces/services").handler(readAuth).handler(this::services);
    router
        .get("/api/traces/services/:service/operations")
        .handler(readAuth)
        .handler(this::operations);
    router.get("/api/traces/:traceId").handler(readAuth).handler(ctx -> trace(ctx, false));
    router.get("/api/v2/traces/:traceId").handler(readAuth).handler(ctx -> trace(ctx, true));
  }

  private void search(RoutingContext ctx) {
    SpanQuery query;
    try {
      SpanQuery.Builder b =
          SpanQuery.builder()
              .service(ctx.request().getParam("service"))
              .operation(ctx.request().getParam("operation"))
              .release(ctx.request().getParam("release"))
              .from(TraceParams.time(ctx, "from"))
              .to(TraceParams.time(ctx, "to"))
              .minDurationNanos(TraceParams.durationNanos(ctx, "minDuration"))
              .maxDurationNanos(TraceParams.durationNanos(ctx, "maxDuration"))
              .limit(TraceParams.limit(ctx, 20));
      String status = ctx.request().getParam("status");
      if (status != null) {
        b.statusCode(
            switch (status) {
              case "error" -> 2;
              case "ok" -> 1;
              case "unset" -> 0;
              default ->
                  throw new IllegalArgumentException(
                      "cannot read status \""
                          + TraceParams.shorten(status)
                          + "\": expected error, ok or unset");
            });
      }
      for (Map.Entry<String, String> e : ctx.queryParams().entries()) {
        if (e.getKey().startsWith("attr.")) {
          b.spanAttribute(e.getKey().substring(5), e.getValue());
        } else if (e.getKey().startsWith("resource.")) {
          b.resourceAttribute(e.getKey().substring(9), e.getValue());
        }
      }
      query = b.build();
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, e.getMessage());
      return;
    }
    blocking(
        ctx,
        () -> store.search(query),
        traces -> {
          JsonArray out = new JsonArray();
          for (TraceSummary t : traces) {
            JsonArray matched = new JsonArray();
            for (Span s : t.matched()) {
              matched.add(
                  new JsonObject()
                      .put("spanId", s.spanId())
                      .put("service", s.service())
                      .put("operation", s.operation())
                      .put("start", Instant.ofEpochSecond(0, s.startNanos()).toString())
                      .put("durationMs", s.durationNanos() / 1e6)
                      .put("status", s.statusCode()));
            }
            out.add(
                new JsonObject()
                    .put("traceId", t.traceId())
                    .put("rootService", t.rootService())
                    .put("rootOperation", t.rootOperation())
                    .put("release", t.release())
                    .put("start", Instant.ofEpochSecond(0, t.startNanos()).toString())
                    .put("durationMs", t.durationNanos() / 1e6)
                    .put("spanCount", t.spanCount())
                    .put("errorCount", t.errorCount())
                    .put("matchedSpans", matched));
          }
          json(ctx, new JsonObject().put("traces", out));
        });
  }

  private void services(RoutingContext ctx) {
    blocking(
        ctx,
        store::services,
        list -> json(ctx, new JsonObject().put("services", new JsonArray(list))));
  }

  private void operations(RoutingContext ctx) {
    String service = ctx.pathParam("service");
    blocking(
        ctx,
        () -> store.operations(service),
        list ->
            json(
                ctx,
                new JsonObject().put("service", service).put("operations", new JsonArray(list))));
  }

  private void trace(RoutingContext ctx, boolean v2) {
    String id;
    try {
      id = TraceParams.traceId(ctx.pathParam("traceId"));
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, e.getMessage());
      return;
    }
    String accept = ctx.request().getHeader("Accept");
    boolean protobuf = accept != null && accept.contains("application/protobuf");
    blocking(
        ctx,
        () -> store.trace(id),
        spans -> {
          if (spans.isEmpty()) {
            Errors.respond(ctx, 404, "cannot find trace " + id + ": no span of it is stored");
            return;
          }
          if (protobuf) {
            ctx.response()
                .putHeader("Content-Type", "application/protobuf")
                .end(Buffer.buffer(TraceEncoder.protobuf(spans)));
          } else if (v2) {
            json(
                ctx,
                new JsonObject()
                    .put("trace", new JsonObject(TraceEncoder.jsonTree(spans, "resourceSpans"))));
          } else {
            ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(TraceEncoder.json(spans, "batches")));
          }
        });
  }

  static <T> void blocking(RoutingContext ctx, Callable<T> read, Consumer<T> answer) {
    ctx.vertx().executeBlocking(read, false).onSuccess(answer::accept).onFailure(ctx::fail);
  }

  static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
