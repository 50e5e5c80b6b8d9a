package dev.tidemark.server.ingest.influx;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestSink;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Placeholder. */
public final class InfluxWriteHandler {
  public InfluxWriteHandler(
      Vertx vertx, IngestSink sink, SampleRules rules, ServerMetrics metrics, long bodyLimit) {}

  public void mount(Router router, Handler<RoutingContext> writeAuth) {}
}
