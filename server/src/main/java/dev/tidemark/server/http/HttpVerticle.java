package dev.tidemark.server.http;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.promql.SampleBudget;
import dev.tidemark.server.alerting.AlertingService;
import dev.tidemark.server.alerting.RuleEndpoints;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigException;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.encoding.ContentDecoding;
import dev.tidemark.server.ingest.influx.InfluxWriteHandler;
import dev.tidemark.server.ingest.nativejson.NativeIngestHandler;
import dev.tidemark.server.ingest.remotewrite.RemoteWriteHandler;
import dev.tidemark.server.query.AnnotationEndpoints;
import dev.tidemark.server.query.QueryEndpoints;
import dev.tidemark.server.query.SeriesEndpoints;
import dev.tidemark.server.releases.ReleaseEndpoints;
import dev.tidemark.server.retention.RetentionHandler;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.promapi.SqlMetadataStore;
import dev.tidemark.server.storage.promapi.SqlPromStorage;
import dev.tidemark.server.storage.query.QueryStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The HTTP API: operations, ingest, reads and retention, on one router. */
public final class HttpVerticle extends VerticleBase {
  private final Config config;
  private final Storage storage;
  private final IngestSink sink;
  private final SampleRules rules;
  private final ServerMetrics metrics;
  private final Auth auth;
  private final Readiness readiness;
  private final AlertingService alerting;
  private HttpServer server;
  private volatile boolean draining;

  public HttpVerticle(
      Config config,
      Storage storage,
      IngestSink sink,
      SampleRules rules,
      ServerMetrics metrics,
      Auth auth,
      Readiness readiness,
      AlertingService alerting) {
    this.alerting = alerting;
    this.config = config;
    this.storage = storage;
    this.sink = sink;
    this.rules = rules;
    this.metrics = metrics;
    this.auth = auth;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    long bodyLimit = config.bytes(ConfigKey.INGEST_BODY_LIMIT);
    Router router = Router.router(vertx);
    router.route().handler(this::countRequest);
    router.route().handler(new UriGuard());
    router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "ok")));
    router.get("/ready").handler(this::ready);
    router
        .get("/metrics")
        .handler(
            ctx ->
                // gauges list the queue directory and ask the file system for free space
                vertx
                    .executeBlocking(metrics::render, false)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader(
                                    "Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(text))
                    .onFailure(ctx::fail));

    BodyHandler body = BodyHandler.create(false).setBodyLimit(bodyLimit);
    router
        .post("/api/v1/ingest")
        .handler(auth.require(Auth.Scope.WRITE)) // first: nothing is read or inflated unauthorised
        .handler(body)
        .handler(ContentDecoding.upTo(bodyLimit))
        .handler(new NativeIngestHandler(vertx, sink, rules, metrics, bodyLimit));
    SqlMetadataStore metadata = new SqlMetadataStore(storage.database());
    new RemoteWriteHandler(vertx, sink, rules, metrics, bodyLimit, metadata)
        .mount(router, auth.require(Auth.Scope.WRITE));
    new InfluxWriteHandler(vertx, sink, rules, metrics, bodyLimit)
        .mount(router, auth.require(Auth.Scope.WRITE));
    new dev.tidemark.server.ingest.otlp.OtlpTracesHandler(
            vertx,
            sink,
            metrics,
            bodyLimit,
            config.integer(ConfigKey.INGEST_MAX_BATCH_SIZE),
            dev.tidemark.server.traces.TraceConfig.spanRules(config),
            dev.tidemark.server.traces.TraceConfig.sampling(config),
            rules)
        .mount(router, auth.require(Auth.Scope.WRITE));
    new dev.tidemark.server.ingest.otlp.OtlpMetricsHandler(
            vertx,
            sink,
            metrics,
            bodyLimit,
            config.integer(ConfigKey.INGEST_MAX_BATCH_SIZE),
            dev.tidemark.server.traces.TraceConfig.metricMapper(config, rules))
        .mount(router, auth.require(Auth.Scope.WRITE));
    new dev.tidemark.server.traces.TraceEndpoints(storage.spans())
        .mount(router, auth.require(Auth.Scope.READ));
    new dev.tidemark.server.traces.TempoEndpoints(storage.spans())
        .mount(router, auth.require(Auth.Scope.READ));
    new SeriesEndpoints(storage, config.integer(ConfigKey.QUERY_MAX_POINTS))
        .mount(router, auth.require(Auth.Scope.READ));
    new QueryEndpoints(storage, queryStore(), queryLimits())
        .mount(router, auth.require(Auth.Scope.READ));
    new AnnotationEndpoints(storage, queryStore(), queryLimits())
        .mount(router, auth.require(Auth.Scope.READ));
    if (alerting != null) { // before the Prometheus API: it answers these paths with empty lists
      new RuleEndpoints(alerting)
          .mount(router, auth.require(Auth.Scope.READ), auth.require(Auth.Scope.WRITE));
    }
    SampleBudget budget = promqlBudget(config, Runtime.getRuntime().maxMemory());
    metrics.gauge(
        "tidemark_promql_samples_held",
        "Raw samples the PromQL queries running now hold (of promql.max.samples.total).",
        budget::held);
    metrics.gauge(
        "tidemark_promql_samples_budget",
        "Raw samples all PromQL queries running at once may hold (promql.max.samples.total).",
        budget::limit);
    SqlPromStorage.api(
            storage.database(),
            queryStore(),
            queryLimits(),
            config.integer(ConfigKey.PROMQL_MAX_SAMPLES),
            budget,
            metadata)
        .mount(router, auth.require(Auth.Scope.READ));
    new RetentionHandler(storage, rules.maxAge())
        .mount(router, auth.require(Auth.Scope.READ), auth.require(Auth.Scope.WRITE));
    new ReleaseEndpoints(storage, config, sink)
        .mount(router, auth.require(Auth.Scope.READ), auth.require(Auth.Scope.WRITE));

    router
        .route()
        .last()
        .handler(
            ctx ->
                Errors.respond(
                    ctx,
                    404,
                    "cannot route request: no endpoint "
                        + ctx.request().method()
                        + " "
                        + ctx.request().path()));
    router.route().failureHandler(ctx -> Errors.handleFailure(ctx, bodyLimit));

    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(config.string(ConfigKey.HTTP_HOST))
            .setPort(config.integer(ConfigKey.HTTP_PORT))
            // off: Netty would read remote_write's snappy as framed; see ContentDecoding
            .setDecompressionSupported(false);
    return vertx
        .createHttpServer(options)
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /**
   * Stops accepting connections and lets in-flight requests finish; their answers carry {@code
   * Connection: close}.
   */
  @Override
  public Future<?> stop() {
    draining = true;
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(
            config.duration(ConfigKey.SHUTDOWN_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
  }

  private QueryStore queryStore() {
    return QueryStore.of(storage, config.duration(ConfigKey.STORAGE_MAINTENANCE_INTERVAL));
  }

  private Limits queryLimits() {
    return queryLimits(config);
  }

  /** The DSL's limits from the {@code query.*} keys (rule evaluation uses them too). */
  public static Limits queryLimits(Config config) {
    Limits d = Limits.defaults();
    return new Limits(
        d.maxBuckets(),
        config.integer(ConfigKey.QUERY_MAX_SERIES),
        config.integer(ConfigKey.QUERY_MAX_POINTS),
        config.duration(ConfigKey.QUERY_TIMEOUT),
        d.autoPoints());
  }

  /**
   * The raw samples all PromQL queries may hold at once ({@code promql.max.samples.total}); {@code
   * auto} is a third of a heap of {@code maxHeap} bytes at 16 bytes a sample (a time and a value),
   * and never less than one query's own limit.
   */
  static SampleBudget promqlBudget(Config config, long maxHeap) {
    long perQuery = config.integer(ConfigKey.PROMQL_MAX_SAMPLES);
    String total = config.string(ConfigKey.PROMQL_MAX_SAMPLES_TOTAL).trim();
    if (total.equals("auto")) {
      return new SampleBudget(Math.max(perQuery, maxHeap / 3 / 16));
    }
    try {
      long n = Long.parseLong(total);
      if (n >= perQuery) {
        return new SampleBudget(n);
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new ConfigException(
        "cannot use "
            + ConfigKey.PROMQL_MAX_SAMPLES_TOTAL.key()
            + "="
            + total
            + ": must be auto or a number of samples no smaller than promql.max.samples ("
            + perQuery
            + ")");
  }

  public int port() {
    return server.actualPort();
  }

  private void countRequest(RoutingContext ctx) {
    // stopping: tell each client to take its next request elsewhere, as the connection is closing;
    // a busy keep-alive connection would otherwise go on bringing requests until the timeout
    ctx.addHeadersEndHandler(
        v -> {
          if (draining) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
          }
        });
    ctx.addEndHandler(
        v -> {
          String route = ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
          metrics.inc(
              "tidemark_http_requests_total",
              "route=\""
                  + (route == null ? "other" : route)
                  + "\",method=\""
                  + ctx.request().method()
                  + "\",code=\""
                  + ctx.response().getStatusCode()
                  + "\"",
              1);
        });
    ctx.next();
  }

  private void ready(RoutingContext ctx) {
    vertx
        .executeBlocking(
            () -> {
              JsonObject body = new JsonObject();
              Map<String, String> problems = readiness.problems();
              body.put("status", problems.isEmpty() ? "ready" : "unavailable");
              problems.forEach(body::put);
              Map<String, Object> detail = readiness.detail();
              if (!detail.isEmpty()) {
                body.put("detail", new JsonObject(detail));
              }
              return body;
            },
            false)
        .onComplete(
            r -> {
              JsonObject body;
              if (r.failed()) {
                body =
                    new JsonObject()
                        .put("status", "unavailable")
                        .put("error", String.valueOf(r.cause()));
              } else {
                body = r.result();
              }
              body.put(
                  "flavor", storage.database().flavor().name().toLowerCase(java.util.Locale.ROOT));
              json(ctx, body.getString("status").equals("ready") ? 200 : 503, body);
            });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
