package dev.tidemark.server.releases;

import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.http.Errors;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.releases.compare.Comparer;
import dev.tidemark.server.releases.report.HistoryReports;
import dev.tidemark.server.releases.report.ReportHandler;
import dev.tidemark.server.releases.snapshot.SnapshotHandler;
import dev.tidemark.server.storage.Storage;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The Release Quality System's endpoints (DESIGN.md): releases and their snapshots, their metrics,
 * environments and dependencies, comparisons and their HTML reports, a service's trend, stability
 * and drift reports, and a release's evidence as CSV or JSON lines.
 */
public final class ReleaseEndpoints {
  private final Storage storage;
  private final Config config;
  private final IngestSink sink;

  /** {@code sink}: where the quality scores of new comparisons go as a series. */
  public ReleaseEndpoints(Storage storage, Config config, IngestSink sink) {
    this.storage = storage;
    this.config = config;
    this.sink = sink;
  }

  public void mount(Router router, Handler<RoutingContext> read, Handler<RoutingContext> write) {
    Comparer comparer = Comparer.of(storage, config, sink);
    ReleaseHandler releases = new ReleaseHandler(storage);
    router.get("/api/releases").handler(read).handler(releases::list);
    router.get("/api/releases/:version").handler(read).handler(releases::get);
    router.get("/api/releases/:version/metrics").handler(read).handler(releases::metrics);
    router.get("/api/environment/:snapshot").handler(read).handler(releases::environment);
    router.get("/api/dependencies/:snapshot").handler(read).handler(releases::dependencies);

    long limit = config.bytes(ConfigKey.RELEASES_BODY_LIMIT);
    String uploads = config.path(ConfigKey.DATA_DIR).resolve("uploads").toString();
    router
        .post("/api/releases/:version/snapshot")
        .handler(write) // first: no upload reaches the disk unauthorised
        .handler(BodyHandler.create(uploads).setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true))
        .handler(new SnapshotHandler(storage, comparer))
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() == 413) { // the router's handler would name the ingest limit
                Errors.respond(
                    ctx,
                    413,
                    "cannot read snapshot: it is larger than releases.body.limit [maxBytes="
                        + limit
                        + "]");
              } else {
                ctx.next();
              }
            });

    ComparisonHandler comparisons = new ComparisonHandler(storage, comparer);
    router
        .post("/api/comparisons")
        .handler(write)
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
        .handler(comparisons::create);
    router.get("/api/comparisons").handler(read).handler(comparisons::list);
    router.get("/api/comparisons/:id").handler(read).handler(comparisons::get);
    router.get("/api/comparisons/:id/report").handler(read).handler(new ReportHandler(storage));
    HistoryReports history = new HistoryReports(storage);
    router.get("/api/reports/trend").handler(read).handler(history::trend);
    router.get("/api/reports/drift").handler(read).handler(history::drift);
    router.get("/api/releases/:version/evidence").handler(read).handler(history::export);
  }
}
