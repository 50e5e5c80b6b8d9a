package dev.tidemark.server.promapi;

import dev.tidemark.server.promapi.remoteread.RemoteReadHandler;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;

/**
 * The Prometheus HTTP API as Grafana's built-in Prometheus datasource and Prometheus itself use it,
 * GET and form-encoded POST: {@code /api/v1/query}, {@code /query_range}, {@code /format_query},
 * {@code /labels}, {@code /label/{name}/values}, {@code /series} (narrowed by {@code start}/{@code
 * end}), {@code /metadata} (from remote_write), {@code /status/buildinfo}, {@code
 * /status/runtimeinfo}, empty {@code /query_exemplars}, {@code /rules}, {@code /alerts} and {@code
 * /targets/metadata}, and {@code POST /api/v1/read} (remote_read). PromQL runs on {@code
 * dev.tidemark.query.promql} over a {@code DataSource}; without a {@link PromStorage} only queries
 * that read no data ({@code 1+1}) are answered, the rest get 503 {@code unavailable}.
 */
public final class PromApi {
  /** The Prometheus version reported to clients, recent enough for Grafana's feature checks. */
  public static final String PROMETHEUS_VERSION = "2.55.0";

  private static final long FORM_LIMIT = 1024 * 1024;

  private final QueryEndpoints queries;
  private final CatalogEndpoints catalog;
  private final RemoteReadHandler remoteRead;
  private final StatusEndpoints status;

  /**
   * @param storage runs evaluations against a data source; null while none is wired
   * @param catalog answers the label and series endpoints
   * @param clock the default time of instant queries
   */
  public PromApi(PromStorage storage, SeriesCatalog catalog, Clock clock) {
    this(storage, catalog, clock, null);
  }

  /**
   * @param metadata metric metadata from remote_write; null answers {@code /metadata} with none
   */
  public PromApi(PromStorage storage, SeriesCatalog catalog, Clock clock, MetadataStore metadata) {
    this.queries = new QueryEndpoints(storage, clock);
    this.catalog = new CatalogEndpoints(catalog);
    this.remoteRead = new RemoteReadHandler(storage);
    this.status = new StatusEndpoints(metadata, clock);
  }

  /** The API with no data source yet: only data-free queries and the catalogue answer. */
  public static PromApi withoutDataSource(SeriesCatalog catalog) {
    return new PromApi(null, catalog, Clock.systemUTC());
  }

  /** Mounts every route behind {@code readAuth}. */
  public void mount(Router router, Handler<RoutingContext> readAuth) {
    route(router, "/api/v1/query", readAuth, queries::instant);
    route(router, "/api/v1/query_range", readAuth, queries::range);
    route(router, "/api/v1/labels", readAuth, catalog::labels);
    route(router, "/api/v1/label/:name/values", readAuth, catalog::labelValues);
    route(router, "/api/v1/series", readAuth, catalog::series);
    route(router, "/api/v1/status/buildinfo", readAuth, StatusEndpoints::buildInfo);
    route(router, "/api/v1/status/runtimeinfo", readAuth, status::runtimeInfo);
    route(router, "/api/v1/metadata", readAuth, status::metadata);
    route(router, "/api/v1/targets/metadata", readAuth, ctx -> PromResponses.success(ctx, "[]"));
    route(router, "/api/v1/format_query", readAuth, QueryEndpoints::format);
    route(router, "/api/v1/query_exemplars", readAuth, ctx -> PromResponses.success(ctx, "[]"));
    // Grafana's alerting pages ask every Prometheus datasource for its rules and alerts
    route(router, "/api/v1/rules", readAuth, ctx -> PromResponses.success(ctx, "{\"groups\":[]}"));
    route(router, "/api/v1/alerts", readAuth, ctx -> PromResponses.success(ctx, "{\"alerts\":[]}"));
    router
        .post("/api/v1/read")
        .handler(readAuth) // first: nothing is read unauthorised
        .handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT))
        .handler(remoteRead::handle);
  }

  private static void route(
      Router router,
      String path,
      Handler<RoutingContext> readAuth,
      Handler<RoutingContext> handler) {
    router.get(path).handler(readAuth).handler(handler);
    router
        .post(path)
        .handler(readAuth)
        .handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT))
        .handler(handler);
  }
}
