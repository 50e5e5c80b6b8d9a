package dev.tidemark.server.ingest.nativejson;

import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.BatchFormatException;
import dev.tidemark.protocol.DecodedBatch;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestResponse;
import dev.tidemark.server.ingest.IngestSink;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/ingest}: the agent's JSON batch. Decoding and the append to the sink run in
 * one hop on a worker thread (a 16 MiB body would stall an event loop); valid samples go to the
 * sink, bad ones are reported. The answer comes once the sink holds the batch durably; a batch sent
 * twice is stored once, by its {@code (agent, batch)} id.
 */
public final class NativeIngestHandler implements Handler<RoutingContext> {
  static final String PROTOCOL = "native";

  private final Vertx vertx;
  private final IngestSink sink;
  private final SampleRules rules;
  private final ServerMetrics metrics;

  public NativeIngestHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics) {
    this.vertx = vertx;
    this.sink = sink;
    this.rules = rules;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      Errors.respond(
          ctx,
          415,
          "cannot ingest batch: content type must be application/json [got="
              + (type == null ? "none" : type)
              + "]");
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      IngestResponse.refuse(ctx, metrics, PROTOCOL, "cannot parse batch: body is empty");
      return;
    }
    byte[] bytes = body.getBytes();
    vertx
        .executeBlocking(
            () -> {
              DecodedBatch decoded = BatchCodec.decode(bytes, rules);
              if (decoded.accepted() > 0 || decoded.rejections().isEmpty()) {
                sink.append(decoded.batch()); // durable before the answer
              }
              return decoded;
            },
            false)
        .onSuccess(
            decoded ->
                IngestResponse.respond(
                    ctx, metrics, PROTOCOL, decoded.accepted(), decoded.rejections()))
        .onFailure(
            e -> {
              if (e instanceof BatchFormatException) {
                IngestResponse.refuse(ctx, metrics, PROTOCOL, e.getMessage());
              } else {
                ctx.fail(e);
              }
            });
  }
}
