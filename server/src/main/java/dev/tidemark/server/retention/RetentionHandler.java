package dev.tidemark.server.retention;

import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/retention} shows each tier's retention; {@code PUT /api/retention} with {@code
 * {"raw":"14d","5m":"1y"}} changes some of them. An unsafe combination is refused with the rule it
 * breaks and nothing changes.
 */
public final class RetentionHandler {
  private final Storage storage;

  public RetentionHandler(Storage storage) {
    this.storage = storage;
  }

  public void mount(Router router, Handler<RoutingContext> read, Handler<RoutingContext> write) {
    router.get("/api/retention").handler(read).handler(ctx -> respond(ctx, storage.plan()));
    router
        .put("/api/retention")
        .handler(write)
        .handler(io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(64 * 1024))
        .handler(this::put);
  }

  private void put(RoutingContext ctx) {
    Map<String, String> changes = new LinkedHashMap<>();
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null || body.isEmpty()) {
        Errors.respond(
            ctx, 400, "cannot set retention: body must be an object like {\"raw\":\"14d\"}");
        return;
      }
      for (String tier : body.fieldNames()) {
        Object v = body.getValue(tier);
        if (!(v instanceof String s)) {
          Errors.respond(
              ctx,
              400,
              "cannot set retention: value of " + tier + " must be a string like \"30d\"");
          return;
        }
        changes.put(tier, s);
      }
    } catch (DecodeException | ClassCastException e) {
      Errors.respond(ctx, 400, "cannot set retention: body is not a JSON object");
      return;
    }
    try {
      storage.plan().withRetention(changes); // refuse early, before any database work
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, e.getMessage());
      return;
    }
    storage
        .database()
        .submit(ctx.vertx().getOrCreateContext(), () -> storage.setRetention(changes))
        .onSuccess(plan -> respond(ctx, plan))
        .onFailure(
            e -> {
              if (e instanceof IllegalArgumentException) {
                Errors.respond(ctx, 400, e.getMessage());
              } else {
                ctx.fail(e);
              }
            });
  }

  private static void respond(RoutingContext ctx, TierPlan plan) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject(new LinkedHashMap<String, Object>(plan.retention())).encode());
  }
}
