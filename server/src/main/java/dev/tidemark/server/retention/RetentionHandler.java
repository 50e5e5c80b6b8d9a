package dev.tidemark.server.retention;

import dev.tidemark.server.config.Durations;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.RetentionPreview;
import dev.tidemark.server.storage.tier.TierPlan;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/retention} shows each tier's retention; {@code PUT /api/retention} with {@code
 * {"raw":"14d","5m":"1y"}} is a dry run that answers what the change would drop per tier, and
 * {@code PUT /api/retention?confirm=true} applies it. An unsafe combination is refused with the
 * rule it breaks and nothing changes; so is a raw retention shorter than {@code
 * ingest.max.sample.age} (samples between the two would be accepted, then dropped).
 */
public final class RetentionHandler {
  private final Storage storage;
  private final Duration maxSampleAge;

  public RetentionHandler(Storage storage, Duration maxSampleAge) {
    this.storage = storage;
    this.maxSampleAge = maxSampleAge;
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
    String confirm = ctx.request().getParam("confirm", "false");
    if (!confirm.equals("true") && !confirm.equals("false")) {
      Errors.respond(ctx, 400, "cannot set retention: confirm must be true or false");
      return;
    }
    boolean apply = confirm.equals("true");
    try {
      TierPlan next = storage.plan().withRetention(changes); // refuse early, before database work
      Optional<Duration> raw = next.raw().retention();
      if (raw.isPresent() && raw.get().compareTo(maxSampleAge) < 0) {
        Errors.respond(
            ctx,
            400,
            "cannot set retention: raw="
                + next.raw().retentionText()
                + " is shorter than ingest.max.sample.age="
                + Durations.format(maxSampleAge)
                + "; samples between the two would be accepted and then dropped (keep raw at"
                + " least as long, or lower ingest.max.sample.age)");
        return;
      }
    } catch (IllegalArgumentException e) {
      Errors.respond(ctx, 400, e.getMessage());
      return;
    }
    storage
        .database()
        .submit(
            ctx.vertx().getOrCreateContext(),
            () -> {
              Map<String, RetentionPreview.TierLoss> drops = storage.previewRetention(changes);
              TierPlan plan =
                  apply ? storage.setRetention(changes) : storage.plan().withRetention(changes);
              return answer(plan, drops, apply);
            })
        .onSuccess(
            json -> ctx.response().putHeader("Content-Type", "application/json").end(json.encode()))
        .onFailure(
            e -> {
              if (e instanceof IllegalArgumentException) {
                Errors.respond(ctx, 400, e.getMessage());
              } else {
                ctx.fail(e);
              }
            });
  }

  /**
   * {@code {"applied":false,"retention":{…},"drops":{"raw":{"cutoff":…,"rows":…,"relations":{
   * "samples":{"rows":…,"oldest":…,"newest":…},…}}}}}.
   */
  private static JsonObject answer(
      TierPlan plan, Map<String, RetentionPreview.TierLoss> drops, boolean applied) {
    JsonObject tiers = new JsonObject();
    drops.forEach(
        (tier, loss) -> {
          JsonObject relations = new JsonObject();
          loss.relations()
              .forEach(
                  (relation, l) -> {
                    JsonObject r = new JsonObject().put("rows", l.rows());
                    l.oldest().ifPresent(t -> r.put("oldest", t.toString()));
                    l.newest().ifPresent(t -> r.put("newest", t.toString()));
                    relations.put(relation, r);
                  });
          tiers.put(
              tier,
              new JsonObject()
                  .put("cutoff", loss.cutoff().toString())
                  .put("rows", loss.rows())
                  .put("relations", relations));
        });
    JsonObject out =
        new JsonObject()
            .put("applied", applied)
            .put("retention", new JsonObject(new LinkedHashMap<String, Object>(plan.retention())))
            .put("drops", tiers);
    if (!applied) {
      out.put("confirm", "nothing changed; repeat with ?confirm=true to apply");
    }
    return out;
  }

  private static void respond(RoutingContext ctx, TierPlan plan) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject(new LinkedHashMap<String, Object>(plan.retention())).encode());
  }
}
