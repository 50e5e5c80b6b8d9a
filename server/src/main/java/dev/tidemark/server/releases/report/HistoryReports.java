package dev.tidemark.server.releases.report;

import dev.tidemark.releases.compare.NoSuchReleaseException;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.report.DriftReport;
import dev.tidemark.releases.report.EvidenceExport;
import dev.tidemark.releases.report.ReleaseHistory;
import dev.tidemark.releases.report.TrendReport;
import dev.tidemark.server.releases.Replies;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.releases.ReleaseHistoryReader;
import dev.tidemark.server.storage.releases.ReleaseReader;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code GET /api/reports/trend?service=S} and {@code GET /api/reports/drift?service=S}: a
 * service's releases as self-contained HTML pages; {@code GET
 * /api/releases/{version}/evidence?service=S&format=csv|jsonl}: the runs pinned to a release.
 */
public final class HistoryReports {
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

  private final Storage storage;

  public HistoryReports(Storage storage) {
    this.storage = storage;
  }

  public void trend(RoutingContext ctx) {
    page(ctx, "trend report", TrendReport::render);
  }

  public void drift(RoutingContext ctx) {
    page(ctx, "drift report", DriftReport::render);
  }

  private void page(
      RoutingContext ctx, String what, BiFunction<String, List<ReleaseHistory>, String> render) {
    String service = ctx.queryParams().get("service");
    if (service == null || service.isBlank()) {
      Replies.failure(
          ctx, new IllegalArgumentException("cannot render " + what + ": add ?service=<service>"));
      return;
    }
    Replies.blocking(
        ctx,
        storage,
        () -> {
          List<ReleaseHistory> h =
              storage.database().withConnection(c -> ReleaseHistoryReader.read(c, service));
          if (h.isEmpty()) {
            throw new Replies.NotFoundException(
                "cannot render " + what + ": service " + service + " has no releases");
          }
          return render.apply(service, h);
        },
        html ->
            ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CSP)
                .end(html));
  }

  public void export(RoutingContext ctx) {
    String version = ctx.pathParam("version");
    String format =
        ctx.queryParams().get("format") == null ? "jsonl" : ctx.queryParams().get("format");
    if (!format.equals("csv") && !format.equals("jsonl")) {
      Replies.failure(
          ctx,
          new IllegalArgumentException(
              "cannot export evidence: format must be csv or jsonl [format=" + format + "]"));
      return;
    }
    String given = ctx.queryParams().get("service");
    Replies.blocking(
        ctx,
        storage,
        () ->
            storage
                .database()
                .withConnection(
                    c -> {
                      JsonObject r =
                          ReleaseReader.find(c, given, version)
                              .orElseThrow(() -> new NoSuchReleaseException(given, version));
                      String service = r.getString("service");
                      var runs = ReleaseHistoryReader.runs(c, service, version);
                      return format.equals("csv")
                          ? EvidenceExport.csv(service, version, runs)
                          : EvidenceExport.jsonLines(service, version, runs);
                    }),
        body ->
            ctx.response()
                .putHeader(
                    "Content-Type",
                    format.equals("csv") ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .putHeader(
                    "Content-Disposition",
                    "attachment; filename=\"evidence-" + safe(version) + "." + format + "\"")
                .end(body));
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
