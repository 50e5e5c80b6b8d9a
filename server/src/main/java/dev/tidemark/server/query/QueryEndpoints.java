package dev.tidemark.server.query;

import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.eval.FrameJson;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Quoting;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.query.QueryStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The query DSL over HTTP (see query-dsl/README.md for the language):
 *
 * <ul>
 *   <li>{@code POST /api/query} {@code {"query":"…","from":…,"to":…,"zone":"…"}} → {@code
 *       {"frames":[…]}}, frames shaped for Grafana's Infinity datasource; {@code from}/{@code to}
 *       (epoch ms or ISO-8601 with an offset) and {@code zone} are defaults the query's own clauses
 *       override;
 *   <li>{@code GET /api/metrics} — every metric with kind, unit, series count and label names;
 *   <li>{@code GET /api/metrics/{metric}/trend?release=&from=&to=&step=&fn=&forecast=} — the DSL
 *       {@code trend} of the metric (per release unless one is named), by default over 30 days.
 * </ul>
 */
public final class QueryEndpoints {
  private static final Pattern METRIC = Pattern.compile("[A-Za-z_][A-Za-z0-9_:.]*");
  private static final Pattern FUNCTION =
      Pattern.compile("avg|min|max|sum|count|last|rate|increase|p[0-9]{2,3}");
  private static final Pattern STEP = Pattern.compile("auto|([0-9]{1,9}(ms|s|m|h|d|w))+");
  private static final int MAX_METRICS = 10_000;
  private static final int BODY_LIMIT = 256 * 1024;

  private final Storage storage;
  private final QueryStore store;
  private final Limits limits;

  public QueryEndpoints(Storage storage, QueryStore store, Limits limits) {
    this.storage = storage;
    this.store = store;
    this.limits = limits;
  }

  public void mount(Router router, Handler<RoutingContext> readAuth) {
    router
        .post("/api/query")
        .handler(readAuth)
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(this::query);
    router.get("/api/metrics").handler(readAuth).handler(this::metrics);
    router.get("/api/metrics/:metric/trend").handler(readAuth).handler(this::trend);
  }

  private void query(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      Errors.respond(ctx, 400, "cannot parse request: the body is not a JSON object");
      return;
    }
    if (body == null || !(body.getValue("query") instanceof String text) || text.isBlank()) {
      Errors.respond(ctx, 400, "cannot parse request: \"query\" (a string) is missing");
      return;
    }
    Instant now = Instant.now();
    QueryContext qc;
    try {
      qc = context(now, body.getValue("from"), body.getValue("to"), body.getValue("zone"));
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, "cannot parse request: " + e.getMessage());
      return;
    }
    run(ctx, text, now, qc)
        .onSuccess(frames -> json(ctx, frames))
        .onFailure(e -> QueryErrors.respond(ctx, e));
  }

  private QueryContext context(Instant now, Object from, Object to, Object zone) {
    QueryContext qc = QueryContext.of(now, store.tiers()).withLimits(limits);
    if (zone != null) {
      if (!(zone instanceof String z)) {
        throw new IllegalArgumentException("\"zone\" must be a string such as \"Europe/Berlin\"");
      }
      try {
        qc = qc.withZone(ZoneId.of(z));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("unknown zone \"" + z + "\" [zone=" + z + "]", e);
      }
    }
    if (from != null || to != null) {
      Instant end = time("to", to, now);
      Instant start = time("from", from, end.minus(Duration.ofHours(1)));
      if (!start.isBefore(end)) {
        throw new IllegalArgumentException("\"from\" must be before \"to\"");
      }
      qc = qc.withRange(start, end);
    }
    return qc;
  }

  private static Instant time(String name, Object value, Instant fallback) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    if (value instanceof String s) {
      return SeriesEndpoints.time(s, fallback);
    }
    throw new IllegalArgumentException(
        "\"" + name + "\" must be epoch milliseconds or an ISO-8601 string");
  }

  /** Parses, plans and evaluates on a database worker; completes with the frames' JSON. */
  private Future<String> run(RoutingContext ctx, String text, Instant now, QueryContext qc) {
    return storage
        .database()
        .call(
            ctx.vertx().getOrCreateContext(),
            c ->
                store.read(c, now, limits, ds -> FrameJson.write(TidemarkQuery.run(text, qc, ds))));
  }

  private void metrics(RoutingContext ctx) {
    storage
        .database()
        .call(ctx.vertx().getOrCreateContext(), c -> store.metrics(c, MAX_METRICS))
        .onSuccess(
            list -> {
              JsonArray out = new JsonArray();
              for (QueryStore.MetricInfo m : list) {
                out.add(
                    new JsonObject()
                        .put("name", m.name())
                        .put("kind", m.kind().name().toLowerCase(Locale.ROOT))
                        .put("unit", m.unit())
                        .put("series", m.series())
                        .put("labels", new JsonArray(m.labels())));
              }
              ctx.response()
                  .putHeader("Content-Type", "application/json")
                  .end(
                      new JsonObject()
                          .put("metrics", out)
                          .put("truncated", list.size() >= MAX_METRICS)
                          .encode());
            })
        .onFailure(ctx::fail);
  }

  private void trend(RoutingContext ctx) {
    String metric = ctx.pathParam("metric");
    String release = ctx.request().getParam("release");
    String fn = ctx.request().getParam("fn");
    String step = ctx.request().getParam("step");
    String forecast = ctx.request().getParam("forecast");
    String problem =
        !METRIC.matcher(metric).matches()
            ? "metric \"" + metric + "\" is not a metric name"
            : fn != null && !FUNCTION.matcher(fn).matches()
                ? "fn \""
                    + fn
                    + "\" is not one of avg, min, max, sum, count, last, rate, increase, pNN"
                : step != null && !STEP.matcher(step).matches()
                    ? "step \"" + step + "\" is not a duration such as 1h or 1d, or auto"
                    : forecast != null && !forecast.matches("[0-9]{1,4}")
                        ? "forecast \"" + forecast + "\" is not a number of periods"
                        : null;
    if (problem != null) {
      Errors.respond(ctx, 400, "cannot read trend: " + problem);
      return;
    }
    Instant now = Instant.now();
    QueryContext qc;
    try {
      Instant to = SeriesEndpoints.time(ctx.request().getParam("to"), now);
      Instant from =
          SeriesEndpoints.time(ctx.request().getParam("from"), to.minus(Duration.ofDays(30)));
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("from must be before to");
      }
      qc = QueryContext.of(now, store.tiers()).withLimits(limits).withRange(from, to);
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, "cannot read trend: " + e.getMessage());
      return;
    }
    storage
        .database()
        .call(
            ctx.vertx().getOrCreateContext(),
            c -> {
              if (!store.exists(c, metric)) {
                return null;
              }
              String text = trendQuery(metric, store.kind(c, metric), release, fn, step, forecast);
              String frames =
                  store.read(
                      c, now, limits, ds -> FrameJson.write(TidemarkQuery.run(text, qc, ds)));
              return "{\"query\":" + Json.encode(text) + "," + frames.substring(1);
            })
        .onSuccess(
            json -> {
              if (json == null) {
                Errors.respond(ctx, 404, "cannot read trend: no metric " + metric);
              } else {
                json(ctx, json);
              }
            })
        .onFailure(e -> QueryErrors.respond(ctx, e));
  }

  /** The DSL text of a trend: an aggregation fitting the metric's kind, per release or of one. */
  static String trendQuery(
      String metric, MetricKind kind, String release, String fn, String step, String forecast) {
    String function =
        fn != null
            ? fn
            : switch (kind) {
              case COUNTER -> "rate";
              case HISTOGRAM -> "p95";
              default -> "avg";
            };
    StringBuilder q = new StringBuilder(function).append('(').append(metric);
    if (release != null) {
      q.append("{release=").append(Quoting.quote(release)).append('}');
    }
    q.append(')');
    if (release == null) {
      q.append(" by (release)");
    }
    if (step != null) {
      q.append(" step ").append(step);
    }
    q.append(" | trend");
    if (forecast != null) {
      q.append(" forecast ").append(Integer.parseInt(forecast));
    }
    return q.toString();
  }

  private static void json(RoutingContext ctx, String json) {
    ctx.response().putHeader("Content-Type", "application/json").end(json);
  }
}
