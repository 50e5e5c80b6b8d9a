package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The path every ingest request takes once its format has accepted the headers: an empty body is
 * refused; the body is parsed and what it yields appended to the sink in one hop on a worker thread
 * (a 16 MiB body would stall an event loop, and the append blocks until the batch is durable); then
 * {@link IngestResponse} answers. A {@link RefusedRequestException} from the parser answers its
 * status; any other failure, overload included, goes to the router's failure handler (503 with
 * {@code Retry-After}).
 */
public final class IngestRoute {
  private final Vertx vertx;
  private final IngestSink sink;
  private final ServerMetrics metrics;
  private final String protocol;

  public IngestRoute(Vertx vertx, IngestSink sink, ServerMetrics metrics, String protocol) {
    this.vertx = vertx;
    this.sink = sink;
    this.metrics = metrics;
    this.protocol = protocol;
  }

  /** Turns a whole body into what to store and report; runs on a worker thread. */
  @FunctionalInterface
  public interface Parser {
    Parsed parse(byte[] body);
  }

  /**
   * What a format made of a body: the batch to append ({@code null}: nothing) or the samples in
   * columns, the samples accepted and rejected, and samples dropped on purpose (counted in {@code
   * tidemark_ingest_dropped_total}).
   */
  public record Parsed(
      Batch batch,
      SampleColumns columns,
      int accepted,
      List<Rejection> rejections,
      String dropReason,
      int dropped) {

    /** A batch to append as it is (null: nothing to append). */
    public static Parsed batch(Batch batch, int accepted, List<Rejection> rejections) {
      return new Parsed(batch, null, accepted, rejections, null, 0);
    }

    /** Samples without an agent batch id: appended as one entry when there are any. */
    public static Parsed samples(SampleColumns samples, List<Rejection> rejections) {
      return new Parsed(
          null, samples.size() == 0 ? null : samples, samples.size(), rejections, null, 0);
    }

    /** The same, identified by the body it came from ({@link ContentId}). */
    public Parsed identifiedBy(String protocol, byte[] body) {
      if (columns != null) {
        columns.identify(ContentId.NAMESPACE + protocol, ContentId.of(body));
      }
      return this;
    }

    public Parsed dropping(int count, String reason) {
      return new Parsed(batch, columns, accepted, rejections, reason, count);
    }
  }

  /** Parses {@code ctx}'s body, stores it and answers; {@code what} heads the empty-body error. */
  public void ingest(RoutingContext ctx, String what, Parser parser) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      refuse(ctx, what + ": body is empty");
      return;
    }
    byte[] bytes = body.getBytes();
    vertx
        .executeBlocking(
            () -> {
              Parsed parsed = parser.parse(bytes);
              if (parsed.batch() != null) {
                sink.append(parsed.batch()); // durable before the answer
              } else if (parsed.columns() != null) {
                sink.append(parsed.columns());
              }
              return parsed;
            },
            false)
        .onSuccess(
            parsed -> {
              if (parsed.dropped() > 0) {
                metrics.inc(
                    "tidemark_ingest_dropped_total",
                    "protocol=\"" + protocol + "\",reason=\"" + parsed.dropReason() + "\"",
                    parsed.dropped());
              }
              IngestResponse.respond(
                  ctx, metrics, protocol, parsed.accepted(), parsed.rejections());
            })
        .onFailure(
            e -> {
              if (e instanceof RefusedRequestException refused && refused.status() == 400) {
                refuse(ctx, e.getMessage());
              } else if (e instanceof RefusedRequestException refused) {
                Errors.respond(ctx, refused.status(), e.getMessage());
              } else {
                ctx.fail(e);
              }
            });
  }

  /** The request cannot be read at all: 400, nothing stored, counted as malformed. */
  public void refuse(RoutingContext ctx, String message) {
    IngestResponse.refuse(ctx, metrics, protocol, message);
  }
}
