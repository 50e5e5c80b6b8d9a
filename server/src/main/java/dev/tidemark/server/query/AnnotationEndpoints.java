package dev.tidemark.server.query;

import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.eval.Frame;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.query.QueryStore;
import dev.tidemark.server.storage.releases.ReleaseReader;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/annotations?from=…&to=…[&service=S][&query=Q]}: release markers (one per release
 * of the service whose first data or snapshot falls in the range) and, with a DSL expression in
 * {@code query}, the change points detected in it — a JSON array of {@code {"time", "title",
 * "text", "tags"}} that Grafana's Infinity or JSON API datasource reads as annotations.
 */
public final class AnnotationEndpoints {
  private final Storage storage;
  private final QueryStore store;
  private final Limits limits;

  public AnnotationEndpoints(Storage storage, QueryStore store, Limits limits) {
    this.storage = storage;
    this.store = store;
    this.limits = limits;
  }

  public void mount(Router router, Handler<RoutingContext> readAuth) {
    router.get("/api/annotations").handler(readAuth).handler(this::annotations);
  }

  private void annotations(RoutingContext ctx) {
    Instant now = Instant.now();
    Instant from;
    Instant to;
    try {
      to = SeriesEndpoints.time(ctx.request().getParam("to"), now);
      from = SeriesEndpoints.time(ctx.request().getParam("from"), to.minusSeconds(7 * 86_400));
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, "cannot read annotations: " + e.getMessage());
      return;
    }
    if (!from.isBefore(to)) {
      Errors.respond(ctx, 400, "cannot read annotations: from must be before to");
      return;
    }
    String service = ctx.request().getParam("service");
    String query = ctx.request().getParam("query");
    QueryContext qc = QueryContext.of(now, store.tiers()).withLimits(limits).withRange(from, to);
    storage
        .database()
        .call(
            ctx.vertx().getOrCreateContext(),
            c -> {
              JsonArray out =
                  releases(new JsonArray(ReleaseReader.list(c, service).encode()), from, to);
              if (query != null && !query.isBlank()) {
                List<Frame> frames =
                    store.read(
                        c, now, limits, ds -> TidemarkQuery.run(query + " | changepoints", qc, ds));
                changePoints(frames, out);
              }
              return out;
            })
        .onSuccess(
            out -> ctx.response().putHeader("Content-Type", "application/json").end(out.encode()))
        .onFailure(e -> QueryErrors.respond(ctx, e));
  }

  private static JsonArray releases(JsonArray releases, Instant from, Instant to) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < releases.size(); i++) {
      JsonObject r = releases.getJsonObject(i);
      Instant at = Instant.parse(r.getString("created_at"));
      if (at.isBefore(from) || !at.isBefore(to)) {
        continue;
      }
      String text = "service " + r.getString("service");
      if (r.getString("commit") != null) {
        text += ", commit " + r.getString("commit");
      }
      if (r.getString("baseline") != null) {
        text += ", baseline " + r.getString("baseline");
      }
      out.add(
          new JsonObject()
              .put("time", at.toEpochMilli())
              .put("title", "release " + r.getString("version"))
              .put("text", text)
              .put("tags", new JsonArray().add("release").add(r.getString("service"))));
    }
    return out;
  }

  /** One annotation per row of every change-point frame: time, before, after, magnitude, p. */
  private static void changePoints(List<Frame> frames, JsonArray out) {
    for (Frame f : frames) {
      int time = f.columns().indexOf("time");
      int before = f.columns().indexOf("before");
      int after = f.columns().indexOf("after");
      int magnitude = f.columns().indexOf("magnitude_pct");
      int p = f.columns().indexOf("p_value");
      if (time < 0 || before < 0 || after < 0 || magnitude < 0 || p < 0) {
        continue;
      }
      for (List<Object> row : f.values()) {
        out.add(
            new JsonObject()
                .put("time", row.get(time))
                .put("title", "change point in " + f.name())
                .put(
                    "text",
                    String.format(
                        Locale.ROOT,
                        "level %.4g → %.4g (%+.1f%%), p=%.2g",
                        row.get(before),
                        row.get(after),
                        row.get(magnitude),
                        row.get(p)))
                .put("tags", new JsonArray().add("changepoint")));
      }
    }
  }
}
