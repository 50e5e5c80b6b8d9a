package dev.tidemark.server.query;

import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.SeriesReader;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.Tier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain reads of stored series, enough to check a round trip by hand:
 *
 * <ul>
 *   <li>{@code GET /api/series?metric=m&label.host=h1} — series and their ids;
 *   <li>{@code GET /api/series/{id}/points?tier=1m&from=…&to=…} — samples or tier buckets;
 *   <li>{@code GET /api/series/{id}/histogram?tier=1h&from=…&to=…&q=0.5,0.99} — merged histograms.
 * </ul>
 *
 * Times are epoch milliseconds or ISO-8601 with an offset; {@code to} defaults to now, {@code from}
 * to an hour before it.
 */
public final class SeriesEndpoints {
  private final Storage storage;
  private final int maxPoints;

  public SeriesEndpoints(Storage storage, int maxPoints) {
    this.storage = storage;
    this.maxPoints = maxPoints;
  }

  public void mount(Router router, io.vertx.core.Handler<RoutingContext> readAuth) {
    router.get("/api/series").handler(readAuth).handler(this::list);
    router.get("/api/series/:id/points").handler(readAuth).handler(this::points);
    router.get("/api/series/:id/histogram").handler(readAuth).handler(this::histogram);
  }

  private void list(RoutingContext ctx) {
    String metric = ctx.request().getParam("metric");
    Map<String, String> matchers = new LinkedHashMap<>();
    ctx.queryParams()
        .forEach(
            e -> {
              if (e.getKey().startsWith("label.")) {
                matchers.put(e.getKey().substring(6), e.getValue());
              }
            });
    storage
        .database()
        .call(
            ctx.vertx().getOrCreateContext(),
            c -> storage.reader().series(c, metric, matchers, maxPoints))
        .onSuccess(
            list -> {
              JsonArray out = new JsonArray();
              for (SeriesReader.SeriesInfo s : list) {
                out.add(
                    new JsonObject()
                        .put("id", s.id())
                        .put("metric", s.metric())
                        .put("labels", new JsonObject(s.labels()))
                        .put("unit", s.unit()));
              }
              json(ctx, new JsonObject().put("series", out));
            })
        .onFailure(ctx::fail);
  }

  private void points(RoutingContext ctx) {
    Request r = request(ctx);
    if (r == null) {
      return;
    }
    storage
        .database()
        .call(
            ctx.vertx().getOrCreateContext(),
            c -> storage.reader().points(c, r.seriesId, r.tier, r.from, r.to, maxPoints))
        .onSuccess(
            points -> {
              JsonArray values = new JsonArray();
              for (SeriesReader.Point p : points) {
                values.add(
                    r.tier.isRaw()
                        ? new JsonArray().add(p.time().toEpochMilli()).add(p.last())
                        : new JsonArray()
                            .add(p.time().toEpochMilli())
                            .add(p.min())
                            .add(p.max())
                            .add(p.sum())
                            .add(p.count())
                            .add(p.last()));
              }
              JsonArray columns =
                  r.tier.isRaw()
                      ? new JsonArray(List.of("time", "value"))
                      : new JsonArray(List.of("time", "min", "max", "sum", "count", "last"));
              json(
                  ctx,
                  new JsonObject()
                      .put("series", r.seriesId)
                      .put("tier", r.tier.name())
                      .put("columns", columns)
                      .put("values", values));
            })
        .onFailure(ctx::fail);
  }

  private void histogram(RoutingContext ctx) {
    Request r = request(ctx);
    if (r == null) {
      return;
    }
    List<Double> qs = new ArrayList<>();
    for (String q :
        ctx.request().params().get("q") == null
            ? new String[] {"0.5", "0.9", "0.99"}
            : ctx.request().getParam("q").split(",")) {
      try {
        double v = Double.parseDouble(q.trim());
        if (!(v >= 0 && v <= 1)) {
          throw new NumberFormatException();
        }
        qs.add(v);
      } catch (NumberFormatException e) {
        Errors.respond(ctx, 400, "cannot read histogram: quantile \"" + q + "\" is not in [0, 1]");
        return;
      }
    }
    storage
        .database()
        .call(
            ctx.vertx().getOrCreateContext(),
            c -> storage.reader().histogram(c, r.seriesId, r.tier, r.from, r.to, qs))
        .onSuccess(
            h -> {
              JsonObject quantiles = new JsonObject();
              h.quantiles().forEach((q, v) -> quantiles.put(String.valueOf(q), v));
              json(
                  ctx,
                  new JsonObject()
                      .put("series", r.seriesId)
                      .put("tier", r.tier.name())
                      .put("count", h.count())
                      .put("sum", h.sum())
                      .put("min", h.count() == 0 ? null : h.min())
                      .put("max", h.count() == 0 ? null : h.max())
                      .put("quantiles", quantiles));
            })
        .onFailure(ctx::fail);
  }

  private record Request(long seriesId, Tier tier, Instant from, Instant to) {}

  private Request request(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      Errors.respond(
          ctx, 400, "cannot read series: id \"" + ctx.pathParam("id") + "\" is not a number");
      return null;
    }
    String tierName = ctx.request().getParam("tier", Tier.RAW);
    Tier tier = storage.plan().tier(tierName).orElse(null);
    if (tier == null) {
      Errors.respond(
          ctx,
          400,
          "cannot read series: unknown tier "
              + tierName
              + " [tiers="
              + String.join(",", storage.plan().retention().keySet())
              + "]");
      return null;
    }
    try {
      Instant to = time(ctx.request().getParam("to"), Instant.now());
      Instant from = time(ctx.request().getParam("from"), to.minusSeconds(3600));
      if (!from.isBefore(to)) {
        Errors.respond(ctx, 400, "cannot read series: from must be before to");
        return null;
      }
      return new Request(id, tier, from, to);
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, "cannot read series: " + e.getMessage());
      return null;
    }
  }

  static Instant time(String text, Instant fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return text.chars().allMatch(Character::isDigit)
          ? Instant.ofEpochMilli(Long.parseLong(text))
          : OffsetDateTime.parse(text).toInstant();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "time \"" + text + "\" is neither epoch milliseconds nor ISO-8601 with an offset", e);
    }
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
