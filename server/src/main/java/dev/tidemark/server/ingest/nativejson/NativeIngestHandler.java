package dev.tidemark.server.ingest.nativejson;

import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.BatchFormatException;
import dev.tidemark.protocol.DecodedBatch;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.protocol.compact.CompactFormat;
import dev.tidemark.protocol.compact.CompactReader;
import dev.tidemark.protocol.compact.Compression;
import dev.tidemark.protocol.compact.SeriesTables;
import dev.tidemark.protocol.compact.UnknownSeriesException;
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
 * {@code POST /api/v1/ingest}: the agent's batch, JSON or compact ({@link CompactFormat}, zstd or
 * snappy). Valid samples go to the sink, bad ones are reported; the answer comes once the sink
 * holds the batch durably. A batch sent twice is stored once, by its {@code (agent, batch)} id.
 */
public final class NativeIngestHandler implements Handler<RoutingContext> {
  static final String PROTOCOL = "native";

  private final IngestRoute route;
  private final SampleRules rules;
  private final SeriesTables series = SeriesTables.defaults();
  private final long maxBytes;

  public NativeIngestHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics) {
    this(vertx, sink, rules, metrics, 64L << 20);
  }

  /** {@code maxBytes}: the most a compressed batch may inflate to (the body limit). */
  public NativeIngestHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics, long maxBytes) {
    this.route = new IngestRoute(vertx, sink, metrics, PROTOCOL);
    this.rules = rules;
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (lower.startsWith(CompactFormat.CONTENT_TYPE)) {
      String encoding = ctx.request().getHeader("Content-Encoding");
      if (!Compression.known(encoding)) {
        Errors.respond(
            ctx,
            415,
            "cannot ingest batch: content encoding must be zstd, snappy or identity [got="
                + encoding
                + "]");
        return;
      }
      route.ingest(ctx, "cannot parse batch", body -> compact(encoding, body));
      return;
    }
    if (!lower.startsWith("application/json")) {
      Errors.respond(
          ctx,
          415,
          "cannot ingest batch: content type must be application/json [got="
              + (type == null ? "none" : type)
              + "] (or the agent's "
              + CompactFormat.CONTENT_TYPE
              + ")");
      return;
    }
    route.ingest(ctx, "cannot parse batch", this::parse);
  }

  /**
   * The agent's compact batch (see {@link CompactFormat}): inflated within the body limit (413 past
   * it), decoded against the agent's series of this epoch (409 when it refers to one this server
   * does not know: the agent then sends every definition again).
   */
  private Parsed compact(String encoding, byte[] body) {
    DecodedBatch decoded;
    try {
      decoded =
          CompactReader.decode(Compression.decompress(encoding, body, maxBytes), rules, series);
    } catch (BatchFormatException e) {
      throw new RefusedRequestException(400, e.getMessage());
    } catch (Compression.TooLargeException e) {
      throw new RefusedRequestException(413, e.getMessage());
    } catch (UnknownSeriesException e) {
      throw new RefusedRequestException(409, e.getMessage());
    }
    return parsed(decoded);
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
    return parsed(decoded);
  }

  private static Parsed parsed(DecodedBatch decoded) {
    boolean append = decoded.accepted() > 0 || decoded.rejections().isEmpty();
    return Parsed.batch(append ? decoded.batch() : null, decoded.accepted(), decoded.rejections());
  }
}
