package dev.tidemark.server.http;

import dev.tidemark.server.db.DataRefusal;
import dev.tidemark.server.db.OverloadedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One error shape for every endpoint: {@code {"error": "cannot <verb> <object>: <cause>", …}}.
 * Client errors say what was wrong; server errors say only an id to find in the log, never a stack
 * trace.
 */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static void respond(RoutingContext ctx, int status, String message) {
    respond(ctx, status, new JsonObject().put("error", message));
  }

  public static void respond(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /** The router's failure handler. */
  public static void handleFailure(RoutingContext ctx, long bodyLimit) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    java.util.Optional<String> refusal = DataRefusal.of(failure);
    if (refusal.isPresent()) {
      respond(ctx, 400, "cannot handle request: " + refusal.get());
    } else if (failure instanceof OverloadedException overloaded) {
      ctx.response().putHeader("Retry-After", String.valueOf(overloaded.retryAfterSeconds()));
      respond(ctx, 503, overloaded.getMessage());
    } else if (status == 413) {
      respond(
          ctx, 413, "cannot read body: it is larger than the limit [maxBytes=" + bodyLimit + "]");
    } else if (status >= 400 && status < 500) {
      String cause =
          failure instanceof HttpException http && http.getPayload() != null
              ? http.getPayload()
              : failure != null && failure.getMessage() != null
                  ? failure.getMessage()
                  : "bad request";
      respond(ctx, status, cause.startsWith("cannot ") ? cause : "cannot handle request: " + cause);
    } else {
      String id = UUID.randomUUID().toString().substring(0, 8);
      LOG.error(
          "request failed [id={}, method={}, path={}]",
          id,
          ctx.request().method(),
          ctx.request().path(),
          failure);
      respond(
          ctx,
          status >= 500 ? status : 500,
          "cannot handle request: internal error [id=" + id + "]");
    }
  }
}
