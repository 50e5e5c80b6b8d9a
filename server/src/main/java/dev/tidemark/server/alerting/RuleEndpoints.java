package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.RuleEngine;
import dev.tidemark.alerting.rules.PromDuration;
import dev.tidemark.alerting.rules.RuleException;
import dev.tidemark.alerting.rules.RuleGroup;
import dev.tidemark.server.http.Errors;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code /api/v1/rules} and {@code /api/v1/alerts} in Prometheus' shape (Grafana's alert views read
 * them), and the REST API managing rule groups: {@code GET /api/rules}, {@code GET|PUT|DELETE
 * /api/rules/{group}} with a group's YAML as the body. Storing runs off the event loop.
 */
public final class RuleEndpoints {
  private static final long BODY_LIMIT = 1024 * 1024;

  private final AlertingService service;

  public RuleEndpoints(AlertingService service) {
    this.service = service;
  }

  /** Mount before the Prometheus API, whose placeholders for these two paths are then unused. */
  public void mount(Router router, Handler<RoutingContext> read, Handler<RoutingContext> write) {
    for (String path : new String[] {"/api/v1/rules", "/api/v1/alerts"}) {
      Handler<RoutingContext> h = path.endsWith("rules") ? this::promRules : this::promAlerts;
      router.get(path).handler(read).handler(h);
      router
          .post(path)
          .handler(read) // auth first: nothing is read unauthorised
          .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
          .handler(h);
    }
    router.get("/api/rules").handler(read).handler(this::list);
    router.get("/api/rules/:group").handler(read).handler(this::get);
    router
        .put("/api/rules/:group")
        .handler(write)
        .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
        .handler(this::put);
    router.delete("/api/rules/:group").handler(write).handler(this::delete);
  }

  private RuleEngine engine() {
    return service.engine();
  }

  private void promRules(RoutingContext ctx) {
    String type = ctx.request().getParam("type");
    if (type != null && !type.equals("alert") && !type.equals("record")) {
      prom(
          ctx,
          400,
          new JsonObject()
              .put("status", "error")
              .put("errorType", "bad_data")
              .put("error", "cannot parse parameter \"type\": must be alert or record"));
      return;
    }
    prom(ctx, 200, success(RulesJson.rules(engine().groups(), type)));
  }

  private void promAlerts(RoutingContext ctx) {
    prom(ctx, 200, success(RulesJson.alerts(engine().groups())));
  }

  private static JsonObject success(JsonObject data) {
    return new JsonObject().put("status", "success").put("data", data);
  }

  private static void prom(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private void list(RoutingContext ctx) {
    JsonArray groups = new JsonArray();
    for (RuleEngine.GroupView v : engine().groups()) {
      RuleGroup g = v.runner().group();
      groups.add(
          new JsonObject()
              .put("name", g.name())
              .put("file", g.file())
              .put("managed", g.file().equals(AlertingService.API_FILE))
              .put("interval", PromDuration.format(g.interval()))
              .put("rules", g.rules().size())
              .put("evaluations", v.stats().evaluations())
              .put("missed_evaluations", v.stats().missed())
              .put("failures", v.stats().failures()));
    }
    prom(ctx, 200, new JsonObject().put("groups", groups));
  }

  private void get(RoutingContext ctx) {
    String name = ctx.pathParam("group");
    RuleEngine.GroupView v = engine().group(AlertingService.API_FILE + ";" + name);
    if (v == null) {
      Errors.respond(
          ctx, 404, "cannot find rule group: no group managed over the API [group=" + name + "]");
      return;
    }
    ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(v.runner().group().source());
  }

  private void put(RoutingContext ctx) {
    String name = ctx.pathParam("group");
    String yaml = ctx.body().asString();
    if (yaml == null || yaml.isBlank()) {
      Errors.respond(ctx, 400, "cannot parse rule file: the body is empty [file=api]");
      return;
    }
    RuleGroup group;
    try {
      group = service.parseApiGroup(name, yaml);
    } catch (RuleException e) {
      Errors.respond(
          ctx,
          400,
          new JsonObject()
              .put("error", e.getMessage())
              .put("line", e.line())
              .put("column", e.column()));
      return;
    }
    ctx.vertx()
        .executeBlocking(() -> service.putApiGroup(group, yaml), false)
        .onSuccess(
            created ->
                prom(
                    ctx,
                    created ? 201 : 200,
                    new JsonObject()
                        .put("group", name)
                        .put("rules", group.rules().size())
                        .put("created", created)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("group");
    ctx.vertx()
        .executeBlocking(() -> service.deleteApiGroup(name), false)
        .onSuccess(
            existed -> {
              if (existed) {
                ctx.response().setStatusCode(204).end();
              } else {
                Errors.respond(
                    ctx,
                    404,
                    "cannot delete rule group: no group managed over the API [group=" + name + "]");
              }
            })
        .onFailure(ctx::fail);
  }
}
