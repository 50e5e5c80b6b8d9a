package dev.tidemark.server.ingest.otlp;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.RefusedRequestException;
import dev.tidemark.traces.metrics.MetricMapper;
import dev.tidemark.traces.metrics.OtlpPoint;
import dev.tidemark.traces.otlp.MetricsJsonDecoder;
import dev.tidemark.traces.otlp.MetricsProtoDecoder;
import dev.tidemark.traces.otlp.OtlpAnswers;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /v1/metrics}: OTLP/HTTP metrics, mapped to samples and histograms by {@link
 * MetricMapper} and appended to the write-ahead queue like every other protocol's.
 */
public final class OtlpMetricsHandler {
  static final String PROTOCOL = "otlp_metrics";
  static final String PATH = "/v1/metrics";

  private final OtlpRoute route;
  private final MetricMapper mapper;
  private final int maxBatch;

  public OtlpMetricsHandler(
      Vertx vertx,
      IngestSink sink,
      ServerMetrics metrics,
      long bodyLimit,
      int maxBatch,
      MetricMapper mapper) {
    this.route =
        new OtlpRoute(vertx, sink, metrics, PROTOCOL, OtlpAnswers.Signal.METRICS, bodyLimit);
    this.mapper = mapper;
    this.maxBatch = maxBatch;
  }

  public void mount(Router router, Handler<RoutingContext> writeAuth) {
    route.mount(router, PATH, writeAuth, this::parse);
  }

  OtlpRoute.Parsed parse(byte[] body, boolean json) {
    List<OtlpPoint> points =
        json ? MetricsJsonDecoder.decode(body) : MetricsProtoDecoder.decode(body);
    if (points.size() > maxBatch) {
      throw new RefusedRequestException(
          413,
          "cannot ingest metrics request: too many data points [points="
              + points.size()
              + ", max="
              + maxBatch
              + "]");
    }
    MetricMapper.Mapped mapped = mapper.map(points);
    int rows = mapped.samples().size() + mapped.histograms().size();
    if (rows > maxBatch) { // a histogram point becomes a sample per bucket
      throw new RefusedRequestException(
          413,
          "cannot ingest metrics request: too many samples [samples="
              + rows
              + ", max="
              + maxBatch
              + "]");
    }
    Batch batch =
        mapped.samples().isEmpty() && mapped.histograms().isEmpty()
            ? null
            : new Batch(null, 0, mapped.samples(), mapped.histograms());
    return new OtlpRoute.Parsed(batch, mapped.accepted(), mapped.rejections());
  }
}
