package dev.tidemark.server.promapi;

import dev.tidemark.query.promql.PromQlException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Prometheus API envelope: {@code {"status":"success","data":…}} or an error. */
final class PromResponses {
  private static final Logger LOG = LoggerFactory.getLogger(PromResponses.class);

  private PromResponses() {}

  /** Sends {@code data}, already JSON. */
  static void success(RoutingContext ctx, String dataJson) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .end("{\"status\":\"success\",\"data\":" + dataJson + "}");
  }

  static void error(RoutingContext ctx, int status, String type, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(
            "{\"status\":\"error\",\"errorType\":"
                + Json.encode(type)
                + ",\"error\":"
                + Json.encode(message)
                + "}");
  }

  static void badData(RoutingContext ctx, String message) {
    error(ctx, 400, "bad_data", message);
  }

  /** Maps a failure: PromQL errors to 400/422, anything else to 500 with an id in the log. */
  static void failure(RoutingContext ctx, Throwable t) {
    if (t instanceof PromQlException e) {
      if (e.kind() == PromQlException.Kind.BAD_DATA) {
        badData(ctx, e.getMessage());
      } else if (e.kind() == PromQlException.Kind.UNAVAILABLE) {
        ctx.response().putHeader("Retry-After", "1");
        error(ctx, 503, "unavailable", e.getMessage());
      } else {
        error(ctx, 422, "execution", e.getMessage());
      }
      return;
    }
    if (t instanceof dev.tidemark.query.lang.QueryException q) { // the data source's limits
      error(ctx, 422, "execution", "cannot " + q.verb() + " query: " + q.reason());
      return;
    }
    java.util.Optional<String> refusal = dev.tidemark.server.db.DataRefusal.of(t);
    if (refusal.isPresent()) {
      badData(ctx, "cannot handle request: " + refusal.get());
      return;
    }
    if (t instanceof dev.tidemark.server.db.OverloadedException o) {
      ctx.response().putHeader("Retry-After", String.valueOf(o.retryAfterSeconds()));
      error(ctx, 503, "unavailable", o.getMessage());
      return;
    }
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("cannot answer Prometheus API request [id={}, path={}]", id, ctx.request().path(), t);
    error(ctx, 500, "internal", "cannot handle request: internal error [id=" + id + "]");
  }
}
