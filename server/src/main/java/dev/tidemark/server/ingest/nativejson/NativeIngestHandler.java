package dev.tidemark.server.ingest.nativejson;

import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.BatchFormatException;
import dev.tidemark.protocol.DecodedBatch;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestRoute;
import dev.tidemark.server.ingest.IngestRoute.Parsed;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.RefusedRequestException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code POST /api/v1/ingest}: the agent's JSON batch. Valid samples go to the sink, bad ones are
 * reported; the answer comes once the sink holds the batch durably. A batch sent twice is stored
 * once, by its {@code (agent, batch)} id.
 */
public final class NativeIngestHandler implements Handler<RoutingContext> {
  static final String PROTOCOL = "native";

  private final IngestRoute route;
  private final SampleRules rules;

  public NativeIngestHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics) {
    this.route = new IngestRoute(vertx, sink, metrics, PROTOCOL);
    this.rules = rules;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      Errors.respond(
          ctx,
          415,
          "cannot ingest batch: content type must be application/json [got="
              + (type == null ? "none" : type)
              + "]");
      return;
    }
    route.ingest(ctx, "cannot parse batch", this::parse);
  }

  /**
   * The batch is appended when it has a valid sample or nothing was rejected; one whose every
   * sample was rejected is not, so its id is not recorded and the agent can resend it fixed.
   */
  private Parsed parse(byte[] body) {
    DecodedBatch decoded;
    try {
      decoded = BatchCodec.decode(body, rules);
    } catch (BatchFormatException e) {
      throw new RefusedRequestException(400, e.getMessage());
    }
    boolean append = decoded.accepted() > 0 || decoded.rejections().isEmpty();
    return new Parsed(
        append ? decoded.batch() : null, decoded.accepted(), decoded.rejections(), null, 0);
  }
}
