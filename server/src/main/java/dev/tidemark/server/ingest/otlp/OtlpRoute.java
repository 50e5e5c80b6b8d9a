package dev.tidemark.server.ingest.otlp;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.server.db.OverloadedException;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.RefusedRequestException;
import dev.tidemark.server.ingest.encoding.ContentDecoding;
import dev.tidemark.traces.otlp.OtlpAnswers;
import dev.tidemark.traces.otlp.OtlpFormatException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What OTLP/HTTP's two ingest paths share (opentelemetry-proto's OTLP/HTTP specification): bodies
 * in {@code application/x-protobuf} or {@code application/json}, optionally gzip; the answer in the
 * request's encoding. All kept: 200 with an empty export response. Some rejected: 200 with {@code
 * partial_success} (the count and the first problem), the rest stored — OTLP's partial success, so
 * an exporter neither retries nor reports the stored part as lost. Nothing usable (a body that
 * cannot be decoded, or every item rejected): 400 with a {@code google.rpc.Status} naming the
 * problem. Over the body limit 413, another content type 415, backpressure 503 with {@code
 * Retry-After} (OTLP exporters retry it after that delay).
 */
final class OtlpRoute {
  /** A format's parse of one body, on a worker thread. */
  @FunctionalInterface
  interface Parser {
    Parsed parse(byte[] body, boolean json);
  }

  /** What to append ({@code null}: nothing), items accepted, and the rejected ones. */
  record Parsed(Batch batch, int accepted, List<Rejection> rejections) {}

  private final Vertx vertx;
  private final IngestSink sink;
  private final ServerMetrics metrics;
  private final String protocol;
  private final OtlpAnswers.Signal signal;
  private final long bodyLimit;

  OtlpRoute(
      Vertx vertx,
      IngestSink sink,
      ServerMetrics metrics,
      String protocol,
      OtlpAnswers.Signal signal,
      long bodyLimit) {
    this.vertx = vertx;
    this.sink = sink;
    this.metrics = metrics;
    this.protocol = protocol;
    this.signal = signal;
    this.bodyLimit = bodyLimit;
  }

  void mount(Router router, String path, Handler<RoutingContext> writeAuth, Parser parser) {
    router
        .post(path)
        .handler(writeAuth) // first: nothing is read or inflated unauthorised
        .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .handler(ContentDecoding.upTo(bodyLimit))
        .handler(ctx -> handle(ctx, parser));
  }

  private void handle(RoutingContext ctx, Parser parser) {
    String type = ctx.request().getHeader("Content-Type");
    String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    boolean json = t.startsWith("application/json");
    if (!json && !t.startsWith("application/x-protobuf")) {
      answer(
          ctx,
          415,
          false,
          OtlpAnswers.status(
              3,
              "cannot ingest "
                  + protocol
                  + ": content type must be application/x-protobuf or application/json [got="
                  + (type == null ? "none" : type)
                  + "]",
              false));
      return;
    }
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (!ContentDecoding.handles(encoding)) {
      answer(
          ctx,
          415,
          json,
          OtlpAnswers.status(
              3,
              "cannot ingest " + protocol + ": content encoding " + encoding + " is not supported",
              json));
      return;
    }
    Buffer body = ctx.body().buffer();
    byte[] bytes = body == null ? new byte[0] : body.getBytes();
    vertx
        .executeBlocking(
            () -> {
              Parsed parsed = parser.parse(bytes, json);
              if (parsed.batch() != null && parsed.batch().size() > 0) {
                sink.append(parsed.batch()); // durable before the answer
              }
              return parsed;
            },
            false)
        .onSuccess(parsed -> respond(ctx, parsed, json))
        .onFailure(
            e -> {
              if (e instanceof OtlpFormatException) {
                refuse(ctx, 400, e.getMessage(), json);
              } else if (e instanceof RefusedRequestException r) {
                refuse(ctx, r.status(), e.getMessage(), json);
              } else if (e instanceof OverloadedException overloaded) {
                // OTLP exporters retry a 503 after Retry-After; the body is a Status like the rest
                metrics.inc(
                    "tidemark_ingest_rejected_total",
                    "protocol=\"" + protocol + "\",reason=\"overloaded\"",
                    1);
                ctx.response()
                    .putHeader("Retry-After", String.valueOf(overloaded.retryAfterSeconds()));
                answer(ctx, 503, json, OtlpAnswers.status(14, e.getMessage(), json));
              } else {
                ctx.fail(e);
              }
            });
  }

  private void respond(RoutingContext ctx, Parsed parsed, boolean json) {
    metrics.inc(
        "tidemark_ingest_samples_total", "protocol=\"" + protocol + "\"", parsed.accepted());
    List<Rejection> rejections = parsed.rejections();
    if (rejections.isEmpty()) {
      answer(ctx, 200, json, OtlpAnswers.exportResponse(signal, 0, "", json));
      return;
    }
    TreeMap<String, Integer> reasons = new TreeMap<>();
    for (Rejection r : rejections) {
      reasons.merge(r.reason().key(), 1, Integer::sum);
    }
    reasons.forEach(
        (reason, n) ->
            metrics.inc(
                "tidemark_ingest_rejected_total",
                "protocol=\"" + protocol + "\",reason=\"" + reason + "\"",
                n));
    String message =
        rejections.get(0).message()
            + " [rejected="
            + rejections.size()
            + ", accepted="
            + parsed.accepted()
            + ", reasons="
            + reasons
            + "]";
    if (parsed.accepted() == 0) {
      answer(ctx, 400, json, OtlpAnswers.status(3, message, json));
    } else {
      answer(ctx, 200, json, OtlpAnswers.exportResponse(signal, rejections.size(), message, json));
    }
  }

  private void refuse(RoutingContext ctx, int status, String message, boolean json) {
    metrics.inc(
        "tidemark_ingest_rejected_total",
        "protocol=\"" + protocol + "\",reason=\"malformed_request\"",
        1);
    answer(ctx, status, json, OtlpAnswers.status(3, message, json));
  }

  private static void answer(RoutingContext ctx, int status, boolean json, byte[] body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", json ? "application/json" : "application/x-protobuf")
        .end(Buffer.buffer(body));
  }
}
