package dev.tidemark.server.ingest.otlp;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Rejection;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.RefusedRequestException;
import dev.tidemark.traces.otlp.OtlpAnswers;
import dev.tidemark.traces.otlp.RawSpan;
import dev.tidemark.traces.otlp.TraceJsonDecoder;
import dev.tidemark.traces.otlp.TraceProtoDecoder;
import dev.tidemark.traces.sampling.SamplingPolicy;
import dev.tidemark.traces.span.SpanMetrics;
import dev.tidemark.traces.span.SpanRules;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/traces}: OTLP/HTTP traces. Spans are decoded, checked by {@link SpanRules} (a bad
 * span is rejected alone), sampled by {@link SamplingPolicy} (what it drops is counted in {@code
 * tidemark_traces_spans_sampled_total{decision="sampled_out"}}, not reported as rejected), and
 * appended to the write-ahead queue with the request's other spans, together with the latency
 * histograms {@link SpanMetrics} derives from every valid span (before sampling) per service,
 * release and operation — what release comparisons and PromQL read.
 */
public final class OtlpTracesHandler {
  static final String PROTOCOL = "otlp_traces";
  static final String PATH = "/v1/traces";

  private final OtlpRoute route;
  private final SpanRules rules;
  private final SamplingPolicy sampling;
  private final ServerMetrics metrics;
  private final int maxBatch;
  private final SampleRules sampleRules;

  public OtlpTracesHandler(
      Vertx vertx,
      IngestSink sink,
      ServerMetrics metrics,
      long bodyLimit,
      int maxBatch,
      SpanRules rules,
      SamplingPolicy sampling,
      SampleRules sampleRules) {
    this.route =
        new OtlpRoute(vertx, sink, metrics, PROTOCOL, OtlpAnswers.Signal.TRACES, bodyLimit);
    this.rules = rules;
    this.sampling = sampling;
    this.metrics = metrics;
    this.maxBatch = maxBatch;
    this.sampleRules = sampleRules;
  }

  public void mount(Router router, Handler<RoutingContext> writeAuth) {
    route.mount(router, PATH, writeAuth, this::parse);
  }

  OtlpRoute.Parsed parse(byte[] body, boolean json) {
    List<RawSpan> raw = json ? TraceJsonDecoder.decode(body) : TraceProtoDecoder.decode(body);
    if (raw.size() > maxBatch) {
      throw new RefusedRequestException(
          413,
          "cannot ingest trace request: too many spans [spans="
              + raw.size()
              + ", max="
              + maxBatch
              + "]");
    }
    List<Span> kept = new ArrayList<>(raw.size());
    List<Span> valid = new ArrayList<>(raw.size());
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      SpanRules.Checked checked = rules.check(i, raw.get(i));
      if (checked.rejection() != null) {
        rejections.add(checked.rejection());
        continue;
      }
      valid.add(checked.span());
      SamplingPolicy.Decision decision = sampling.decide(checked.span());
      metrics.inc(
          "tidemark_traces_spans_sampled_total",
          "decision=\""
              + decision.name().toLowerCase(Locale.ROOT)
              + "\",service=\""
              + escape(checked.span().service())
              + "\"",
          1);
      if (decision.kept()) {
        kept.add(checked.span());
      }
    }
    int accepted = raw.size() - rejections.size();
    List<HistogramSample> derived = new ArrayList<>();
    for (HistogramSample h : SpanMetrics.derive(valid)) {
      // a label too long for a series (a service name may be longer than a label value may)
      if (sampleRules.check("spans", 0, new Sample(h.metric(), h.labels(), h.timestamp(), 0))
          == null) {
        derived.add(h);
      }
    }
    Batch batch =
        kept.isEmpty() && derived.isEmpty() ? null : new Batch(null, 0, List.of(), derived, kept);
    return new OtlpRoute.Parsed(batch, accepted, rejections);
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
