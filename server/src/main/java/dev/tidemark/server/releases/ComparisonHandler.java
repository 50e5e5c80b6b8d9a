package dev.tidemark.server.releases;

import dev.tidemark.releases.compare.ComparisonRequest;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.releases.Replies.NotFoundException;
import dev.tidemark.server.releases.compare.Comparer;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.releases.ComparisonStore;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/comparisons} (201 with a new comparison; 200 with a stored one when the body
 * says {@code "reuse": true} and its input has not changed), {@code GET /api/comparisons}, {@code
 * GET /api/comparisons/{id}}.
 */
final class ComparisonHandler {
  private final Storage storage;
  private final Comparer comparer;
  private final double thresholdPct;
  private final double alpha;

  ComparisonHandler(Storage storage, Comparer comparer) {
    this.storage = storage;
    this.comparer = comparer;
    this.thresholdPct = comparer.thresholdPct();
    this.alpha = comparer.alpha();
  }

  void create(RoutingContext ctx) {
    ComparisonRequest req;
    boolean reuse;
    try {
      req = request(ctx);
      Object raw = new JsonObject(ctx.body().asString()).getValue("reuse");
      if (raw != null && !(raw instanceof Boolean)) {
        throw new IllegalArgumentException("cannot compare releases: \"reuse\" must be a boolean");
      }
      reuse = Boolean.TRUE.equals(raw);
    } catch (RuntimeException e) {
      Replies.failure(ctx, e);
      return;
    }
    Replies.blocking(
        ctx,
        storage,
        () -> comparer.compare(req, reuse),
        r -> {
          ctx.response().putHeader("Location", "/api/comparisons/" + r.getLong("id"));
          Replies.json(ctx, r.getBoolean("reused", false) ? 200 : 201, r);
        });
  }

  void list(RoutingContext ctx) {
    String service = ctx.queryParams().get("service");
    int limit = 100;
    try {
      if (ctx.queryParams().get("limit") != null) {
        limit = Math.max(1, Math.min(1000, Integer.parseInt(ctx.queryParams().get("limit"))));
      }
    } catch (NumberFormatException e) {
      Replies.failure(
          ctx, new IllegalArgumentException("cannot list comparisons: limit must be a number"));
      return;
    }
    int n = limit;
    Replies.blocking(
        ctx,
        storage,
        () -> storage.database().withConnection(c -> ComparisonStore.list(c, service, n)),
        r -> Replies.json(ctx, 200, new JsonObject().put("comparisons", r)));
  }

  void get(RoutingContext ctx) {
    try {
      long id = Replies.id(ctx, "id", "comparison");
      Replies.blocking(
          ctx,
          storage,
          () ->
              storage
                  .database()
                  .withConnection(c -> ComparisonStore.get(c, id))
                  .orElseThrow(
                      () -> new NotFoundException("cannot find comparison " + id + ": no such id")),
          r -> Replies.json(ctx, 200, r));
    } catch (IllegalArgumentException e) {
      Replies.failure(ctx, e);
    }
  }

  private ComparisonRequest request(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().buffer() == null ? null : new JsonObject(ctx.body().asString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot compare releases: body is not a JSON object", e);
    }
    if (body == null || !(body.getValue("candidate") instanceof String candidate)) {
      throw new IllegalArgumentException(
          "cannot compare releases: body needs {\"candidate\":\"<version>\"} (and optionally"
              + " \"service\", \"baseline\", \"critical_operations\")");
    }
    List<String> critical = new ArrayList<>();
    Object raw = body.getValue("critical_operations");
    if (raw instanceof JsonArray a) {
      a.forEach(o -> critical.add(String.valueOf(o)));
    } else if (raw != null) {
      throw new IllegalArgumentException(
          "cannot compare releases: \"critical_operations\" must be an array of strings");
    }
    double threshold = number(body, "threshold_pct", thresholdPct);
    double a = number(body, "alpha", alpha);
    if (!(threshold > 0) || !(a > 0 && a < 1)) {
      throw new IllegalArgumentException(
          "cannot compare releases: threshold_pct must be > 0 and alpha in (0, 1)");
    }
    return new ComparisonRequest(
        body.getValue("service") instanceof String s ? s : null,
        candidate,
        body.getValue("baseline") instanceof String b ? b : null,
        critical,
        threshold,
        a);
  }

  private static double number(JsonObject body, String field, double fallback) {
    Object v = body.getValue(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(
          "cannot compare releases: \"" + field + "\" must be a number");
    }
    return n.doubleValue();
  }
}
