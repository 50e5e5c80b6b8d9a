package dev.tidemark.server.releases.report;

import dev.tidemark.releases.report.HtmlReport;
import dev.tidemark.server.releases.Replies;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.releases.ComparisonStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/comparisons/{id}/report}: the comparison as one self-contained HTML page. */
public final class ReportHandler implements Handler<RoutingContext> {
  private final Storage storage;

  public ReportHandler(Storage storage) {
    this.storage = storage;
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      long id = Replies.id(ctx, "id", "comparison");
      Replies.blocking(
          ctx,
          storage,
          () ->
              storage
                  .database()
                  .withConnection(c -> ComparisonStore.get(c, id))
                  .map(HtmlReport::render)
                  .orElseThrow(
                      () ->
                          new Replies.NotFoundException(
                              "cannot find comparison " + id + ": no such id")),
          html ->
              ctx.response()
                  .putHeader("Content-Type", "text/html; charset=utf-8")
                  .putHeader(
                      "Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                  .end(html));
    } catch (IllegalArgumentException e) {
      Replies.failure(ctx, e);
    }
  }
}
