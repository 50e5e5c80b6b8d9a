package dev.tidemark.server.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real OpenTelemetry Java SDK and its OTLP/HTTP exporters (protobuf, and JSON for metrics) send
 * traces and metrics to a running server; they are read back through the trace API, the
 * Tempo-shaped API and PromQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpSdkTest {
  Tidemark server;
  Http http;
  Resource resource;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
    http = new Http(server.port());
    resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"), "shop",
                        AttributeKey.stringKey("service.version"), "v1.4.0",
                        AttributeKey.stringKey("service.instance.id"), "shop-1")));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  void awaitWritten() throws InterruptedException {
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void sdkTracesReadBackThroughTheTraceApiAndTempo() throws Exception {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(base() + "/v1/traces").build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    Tracer tracer = provider.get("shop-test");
    String traceId;
    Span root = tracer.spanBuilder("checkout").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = root.makeCurrent()) {
      traceId = root.getSpanContext().getTraceId();
      root.setAttribute("http.method", "POST");
      root.setAttribute("cart.items", 3L);
      Span child = tracer.spanBuilder("charge-card").setSpanKind(SpanKind.CLIENT).startSpan();
      child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
      child.setStatus(StatusCode.ERROR, "card declined");
      child.end();
    } finally {
      root.end();
    }
    CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
    assertThat(flushed.isSuccess()).as("the exporter's export succeeded").isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);
    awaitWritten();

    JsonObject found = json(http.get("/api/traces?service=shop&operation=checkout"));
    JsonArray traces = found.getJsonArray("traces");
    assertThat(traces).hasSize(1);
    JsonObject t = traces.getJsonObject(0);
    assertThat(t.getString("traceId")).isEqualTo(traceId);
    assertThat(t.getString("rootOperation")).isEqualTo("checkout");
    assertThat(t.getString("release")).isEqualTo("v1.4.0");
    assertThat(t.getInteger("spanCount")).isEqualTo(2);
    assertThat(t.getInteger("errorCount")).isEqualTo(1);

    assertThat(json(http.get("/api/traces?service=shop&attr.cart.items=3")).getJsonArray("traces"))
        .hasSize(1);
    assertThat(json(http.get("/api/traces?service=shop&attr.cart.items=4")).getJsonArray("traces"))
        .isEmpty();
    assertThat(json(http.get("/api/traces?release=v1.4.0&status=error")).getJsonArray("traces"))
        .hasSize(1);
    assertThat(json(http.get("/api/traces/services")).getJsonArray("services").getList())
        .containsExactly("shop");
    assertThat(
            json(http.get("/api/traces/services/shop/operations"))
                .getJsonArray("operations")
                .getList())
        .containsExactly("charge-card", "checkout");

    JsonObject otlp = json(http.get("/api/traces/" + traceId));
    JsonArray spans =
        otlp.getJsonArray("batches")
            .getJsonObject(0)
            .getJsonArray("scopeSpans")
            .getJsonObject(0)
            .getJsonArray("spans");
    assertThat(spans).hasSize(2);
    JsonObject charge =
        spans.getJsonObject(0).getString("name").equals("charge-card")
            ? spans.getJsonObject(0)
            : spans.getJsonObject(1);
    assertThat(charge.getJsonObject("status").getInteger("code")).isEqualTo(2);
    assertThat(charge.getJsonObject("status").getString("message")).isEqualTo("card declined");
    assertThat(charge.getInteger("kind")).isEqualTo(3); // client
    assertThat(charge.getJsonArray("events").getJsonObject(0).getString("name")).isEqualTo("retry");

    // Grafana's Tempo datasource: trace by id in protobuf, decoded here by the same decoder
    HttpResponse<byte[]> proto =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            base() + "/api/traces/" + traceId + "?start=0&end=99999999999"))
                    .header("Accept", "application/protobuf")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(proto.statusCode()).isEqualTo(200);
    assertThat(dev.tidemark.traces.otlp.TraceProtoDecoder.decode(proto.body())).hasSize(2);

    String q =
        URLEncoder.encode(
            "{resource.service.name=\"shop\" && name=\"checkout\" && duration>=0ms}",
            StandardCharsets.UTF_8);
    JsonObject tempo = json(http.get("/api/search?q=" + q + "&limit=20&spss=3"));
    assertThat(tempo.getJsonArray("traces").getJsonObject(0).getString("traceID"))
        .isEqualTo(traceId);
    assertThat(tempo.getJsonArray("traces").getJsonObject(0).getString("rootServiceName"))
        .isEqualTo("shop");
  }

  @Test
  void sdkMetricsReadBackThroughPromql() throws Exception {
    OtlpHttpMetricExporter protobuf =
        OtlpHttpMetricExporter.builder().setEndpoint(base() + "/v1/metrics").build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(PeriodicMetricReader.builder(protobuf).build())
            .build();
    Meter meter = provider.get("shop-test");
    LongCounter requests = meter.counterBuilder("checkout.requests").setUnit("{request}").build();
    DoubleHistogram latency = meter.histogramBuilder("checkout.duration").setUnit("s").build();
    requests.add(5, Attributes.of(AttributeKey.stringKey("route"), "/cart"));
    latency.record(0.020);
    latency.record(0.200);
    meter.gaugeBuilder("queue.depth").buildWithCallback(m -> m.record(7.0));
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);

    // exponential histograms, delta temporality: Tidemark's mergeable histograms
    OtlpHttpMetricExporter exponential =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(base() + "/v1/metrics")
            .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
            .setDefaultAggregationSelector(
                DefaultAggregationSelector.getDefault()
                    .with(InstrumentType.HISTOGRAM, Aggregation.base2ExponentialBucketHistogram()))
            .build();
    SdkMeterProvider expProvider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerMetricReader(PeriodicMetricReader.builder(exponential).build())
            .build();
    DoubleHistogram payment =
        expProvider.get("shop-test").histogramBuilder("payment.latency").setUnit("ms").build();
    for (int i = 1; i <= 100; i++) {
      payment.record(i);
    }
    assertThat(expProvider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    expProvider.shutdown().join(10, TimeUnit.SECONDS);
    awaitWritten();

    assertThat(value("checkout_requests_total{route=\"/cart\",job=\"shop\",release=\"v1.4.0\"}"))
        .isEqualTo(5.0);
    assertThat(value("queue_depth")).isEqualTo(7.0);
    assertThat(value("checkout_duration_seconds_count")).isEqualTo(2.0);
    assertThat(value("checkout_duration_seconds_sum"))
        .isCloseTo(0.22, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(value("checkout_duration_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2.0);
    // the SDK's default bounds (0, 5, 10, 25, …) in the instrument's unit: both values under 5
    assertThat(value("checkout_duration_seconds_bucket{le=\"0\"}")).isEqualTo(0.0);
    assertThat(value("checkout_duration_seconds_bucket{le=\"5\"}")).isEqualTo(2.0);
    // p50 of 1..100 ms from the exponential buckets, in the histogram's unit (microseconds)
    double p50 = value("histogram_quantile(0.5, increase(payment_latency_milliseconds[10m]))");
    assertThat(p50).isBetween(46_000.0, 54_000.0);
  }

  double value(String promql) {
    HttpResponse<String> r =
        http.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray result = new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
    assertThat(result).as(promql + " → " + r.body()).hasSize(1);
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  static JsonObject json(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }
}
