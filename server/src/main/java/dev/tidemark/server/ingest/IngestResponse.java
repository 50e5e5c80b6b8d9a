package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Rejection;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.TreeMap;

/**
 * How every ingest protocol answers. All accepted: 204. Some rejected: 400 naming the first bad
 * sample, with counts per reason; the valid samples of the request were stored ({@code "stored":
 * true}) — bad samples do not poison their batch. Rejections are counted in {@code /metrics}.
 */
final class IngestResponse {
  private static final int MAX_LISTED = 10;

  private IngestResponse() {}

  static void respond(
      RoutingContext ctx,
      ServerMetrics metrics,
      String protocol,
      int accepted,
      List<Rejection> rejections) {
    metrics.inc("tidemark_ingest_samples_total", "protocol=\"" + protocol + "\"", accepted);
    if (rejections.isEmpty()) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    TreeMap<String, Integer> reasons = new TreeMap<>();
    JsonArray errors = new JsonArray();
    for (Rejection r : rejections) {
      reasons.merge(r.reason().key(), 1, Integer::sum);
      if (errors.size() < MAX_LISTED) {
        errors.add(r.message());
      }
    }
    reasons.forEach(
        (reason, n) ->
            metrics.inc(
                "tidemark_ingest_rejected_total",
                "protocol=\"" + protocol + "\",reason=\"" + reason + "\"",
                n));
    JsonObject body =
        new JsonObject()
            .put("error", rejections.get(0).message())
            .put("accepted", accepted)
            .put("rejected", rejections.size())
            .put("stored", accepted > 0)
            .put("reasons", new JsonObject(new TreeMap<String, Object>(reasons)))
            .put("errors", errors);
    Errors.respond(ctx, 400, body);
  }

  /** The request could not be read at all: nothing was stored. */
  static void refuse(RoutingContext ctx, ServerMetrics metrics, String protocol, String message) {
    metrics.inc(
        "tidemark_ingest_rejected_total",
        "protocol=\"" + protocol + "\",reason=\"malformed_request\"",
        1);
    Errors.respond(
        ctx, 400, new JsonObject().put("error", message).put("accepted", 0).put("stored", false));
  }
}
