package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestBodies;
import dev.tidemark.server.ingest.IngestRoute;
import dev.tidemark.server.ingest.IngestRoute.Parsed;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.promapi.MetadataStore;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/write}: Prometheus remote_write 1.0 (snappy block-compressed protobuf
 * WriteRequest). Answers per the spec: 204 once stored; 400 for invalid samples (Prometheus never
 * retries a 4xx; the valid samples of the request are stored and the body says so); 413 over the
 * body limit or with too many samples; 415 for another content type or encoding (including
 * remote_write 2.0's {@code proto=io.prometheus.write.v2.Request}); 503 with {@code Retry-After}
 * only under overload, where a retry helps. Staleness markers are stored and counted in {@code
 * tidemark_ingest_stale_markers_total}; metric metadata goes to a {@link MetadataStore}.
 */
public final class RemoteWriteHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteHandler.class);

  static final String PROTOCOL = "remote_write";
  static final String PATH = "/api/v1/write";

  private final IngestRoute route;
  private final WriteRequestDecoder decoder;
  private final ServerMetrics metrics;
  private final long bodyLimit;
  private final MetadataStore metadata;

  /**
   * @param metadata where metric metadata the requests carry is kept; null to drop it
   */
  public RemoteWriteHandler(
      Vertx vertx,
      IngestSink sink,
      SampleRules rules,
      ServerMetrics metrics,
      long bodyLimit,
      MetadataStore metadata) {
    this.route = new IngestRoute(vertx, sink, metrics, PROTOCOL);
    this.decoder = new WriteRequestDecoder(rules);
    this.metrics = metrics;
    this.bodyLimit = bodyLimit;
    this.metadata = metadata;
  }

  public void mount(Router router, Handler<RoutingContext> writeAuth) {
    router
        .post(PATH)
        .handler(writeAuth)
        .handler(IngestBodies.upTo(bodyLimit))
        .handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String problem = unsupported(ctx);
    if (problem != null) {
      Errors.respond(ctx, 415, "cannot ingest write request: " + problem);
      return;
    }
    long maxDecoded = 4 * bodyLimit;
    Context context = Vertx.currentContext();
    route.ingest(
        ctx,
        "cannot decode write request",
        body -> {
          int length = SnappyBlock.length(body, maxDecoded);
          DecodedWrite write = decoder.decode(SnappyBlock.inflateReused(body, length), length);
          if (metadata != null && !write.metadata().isEmpty()) {
            // metadata is a description, not data: kept best-effort, after the answer
            context.runOnContext(
                v ->
                    metadata
                        .record(write.metadata())
                        .onFailure(t -> LOG.warn("cannot keep metric metadata: {}", t.toString())));
          }
          if (write.staleMarkers() > 0) {
            metrics.inc(
                "tidemark_ingest_stale_markers_total",
                "protocol=\"" + PROTOCOL + "\"",
                write.staleMarkers());
          }
          return Parsed.samples(write.columns(), write.rejections())
              .identifiedBy(PROTOCOL, body); // a resent request is stored once
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
