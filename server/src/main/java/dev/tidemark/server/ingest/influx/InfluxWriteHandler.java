package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestBodies;
import dev.tidemark.server.ingest.IngestRoute;
import dev.tidemark.server.ingest.IngestRoute.Parsed;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.encoding.ContentDecoding;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * InfluxDB line protocol: {@code POST /api/v2/write?precision=ns|us|ms|s} (Telegraf's influxdb_v2
 * output; {@code org} and {@code bucket} are accepted and ignored) and {@code POST
 * /write?precision=n|u|ms|s|m|h} for v1 clients ({@code db} ignored); {@code GET|HEAD /ping}
 * answers 204 for clients that check. {@code Authorization: Token …} is read as a bearer token.
 * Answers as Telegraf expects: 204 when stored; 400 naming the first bad line with counts (the good
 * lines are stored); 413 over the body limit or the batch size, so Telegraf splits and resends; 503
 * with {@code Retry-After} under overload.
 */
public final class InfluxWriteHandler {
  static final String PROTOCOL = "influx";

  private final IngestRoute route;
  private final LineProtocolParser parser;
  private final Clock clock;
  private final long bodyLimit;

  public InfluxWriteHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics, long bodyLimit) {
    this.route = new IngestRoute(vertx, sink, metrics, PROTOCOL);
    this.parser = new LineProtocolParser(rules);
    this.clock = rules.clock();
    this.bodyLimit = bodyLimit;
  }

  public void mount(Router router, Handler<RoutingContext> writeAuth) {
    for (String path : List.of("/api/v2/write", "/write")) {
      router
          .post(path)
          .handler(writeAuth)
          .handler(IngestBodies.upTo(bodyLimit))
          .handler(ContentDecoding.upTo(bodyLimit))
          .handler(ctx -> handle(ctx, path.equals("/write")));
    }
    router
        .route("/ping")
        .handler(
            ctx ->
                ctx.response()
                    .setStatusCode(204)
                    .putHeader("X-Influxdb-Version", "tidemark")
                    .end());
  }

  private void handle(RoutingContext ctx, boolean v1) {
    String encoding = ctx.request().getHeader("Content-Encoding");
    if (!ContentDecoding.handles(encoding)) {
      Errors.respond(
          ctx,
          415,
          "cannot ingest write: content encoding must be gzip, deflate or none [got="
              + encoding
              + "]");
      return;
    }
    String name = ctx.request().getParam("precision");
    Precision precision = Precision.parse(name, v1);
    if (precision == null) {
      route.refuse(
          ctx,
          "cannot parse precision \""
              + name
              + "\": expected "
              + (v1 ? "n, u, ms, s, m or h" : "ns, us, ms or s"));
      return;
    }
    long now = clock.millis();
    route.ingest(
        ctx,
        "cannot parse write",
        body -> {
          ParsedLines lines = parser.parse(body, Utf8Lines.invalidLines(body), precision, now);
          Parsed parsed =
              Parsed.samples(lines.columns(), lines.rejections())
                  .dropping(lines.stringFields(), "string_field");
          // a resend of timestamped lines is stored once; untimed lines are new samples each time
          return lines.untimed() ? parsed : parsed.identifiedBy("influx", body);
        });
  }
}
