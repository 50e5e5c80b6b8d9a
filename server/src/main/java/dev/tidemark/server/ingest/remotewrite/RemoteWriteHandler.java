package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestResponse;
import dev.tidemark.server.ingest.IngestSink;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/v1/write}: Prometheus remote_write 1.0 (snappy block-compressed protobuf
 * WriteRequest). Answers per the spec: 204 once stored; 400 for invalid samples (Prometheus never
 * retries a 4xx; the valid samples of the request are stored and the body says so); 413 over the
 * body limit or with too many samples; 415 for another content type or encoding (including
 * remote_write 2.0's {@code proto=io.prometheus.write.v2.Request}); 503 with {@code Retry-After}
 * only under overload, where a retry helps. Stale markers are dropped and counted in {@code
 * tidemark_ingest_dropped_total}.
 */
public final class RemoteWriteHandler {
  static final String PROTOCOL = "remote_write";
  static final String PATH = "/api/v1/write";

  private final Vertx vertx;
  private final IngestSink sink;
  private final ServerMetrics metrics;
  private final WriteRequestDecoder decoder;
  private final long bodyLimit;

  public RemoteWriteHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics, long bodyLimit) {
    this.vertx = vertx;
    this.sink = sink;
    this.metrics = metrics;
    this.decoder = new WriteRequestDecoder(rules);
    this.bodyLimit = bodyLimit;
  }

  public void mount(Router router, Handler<RoutingContext> writeAuth) {
    router
        .post(PATH)
        .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .handler(writeAuth)
        .handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String problem = unsupported(ctx);
    if (problem != null) {
      Errors.respond(ctx, 415, "cannot ingest write request: " + problem);
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      IngestResponse.refuse(ctx, metrics, PROTOCOL, "cannot decode write request: body is empty");
      return;
    }
    byte[] compressed = body.getBytes();
    long maxDecoded = 4 * bodyLimit;
    vertx
        .executeBlocking(
            () -> {
              var decoded = decoder.decode(SnappyBlock.decompress(compressed, maxDecoded));
              if (!decoded.samples().isEmpty()) {
                sink.append(new Batch(null, 0, decoded.samples(), List.of()));
              }
              return decoded;
            },
            false)
        .onSuccess(
            decoded -> {
              if (decoded.staleMarkers() > 0) {
                metrics.inc(
                    "tidemark_ingest_stale_markers_total",
                    "protocol=\"" + PROTOCOL + "\"",
                    decoded.staleMarkers());
              }
              IngestResponse.respond(
                  ctx, metrics, PROTOCOL, decoded.samples().size(), decoded.rejections());
            })
        .onFailure(
            e -> {
              if (e instanceof RemoteWriteException bad && bad.status() == 400) {
                IngestResponse.refuse(ctx, metrics, PROTOCOL, e.getMessage());
              } else if (e instanceof RemoteWriteException bad) {
                Errors.respond(ctx, bad.status(), e.getMessage());
              } else {
                ctx.fail(e);
              }
            });
  }

  /** Null when the request is remote_write 1.0, else what is wrong with its headers. */
  private static String unsupported(RoutingContext ctx) {
    String type = lower(ctx.request().getHeader("Content-Type"));
    String encoding = lower(ctx.request().getHeader("Content-Encoding"));
    if (type == null || !type.startsWith("application/x-protobuf")) {
      return "content type must be application/x-protobuf [got=" + shown(type) + "]";
    }
    int proto = type.indexOf("proto=");
    if (proto >= 0 && !type.startsWith("prometheus.writerequest", proto + 6)) {
      return "only remote_write 1.0 (prometheus.WriteRequest) is supported [got=" + type + "]";
    }
    if (!"snappy".equals(encoding)) {
      return "content encoding must be snappy [got=" + shown(encoding) + "]";
    }
    return null;
  }

  private static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  private static String shown(String s) {
    return s == null ? "none" : s;
  }
}
