package dev.tidemark.server.releases.snapshot;

import dev.tidemark.releases.compare.ComparisonRequest;
import dev.tidemark.releases.compare.NoSuchReleaseException;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.snapshot.Snapshot;
import dev.tidemark.releases.snapshot.SnapshotParser;
import dev.tidemark.server.releases.Replies;
import dev.tidemark.server.releases.compare.Comparer;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.releases.ReleaseEvidence;
import dev.tidemark.server.storage.releases.SnapshotStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /api/releases/{version}/snapshot}: parses every file first, then stores the release
 * and the snapshot in one transaction. A bad file is a 400 naming it and its line; nothing is
 * stored.
 */
public final class SnapshotHandler implements Handler<RoutingContext> {
  private final Storage storage;
  private final Comparer comparer;

  public SnapshotHandler(Storage storage, Comparer comparer) {
    this.storage = storage;
    this.comparer = comparer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String version = ctx.pathParam("version");
    SnapshotRequest req;
    try {
      req = SnapshotRequest.of(ctx);
    } catch (RuntimeException e) {
      Replies.failure(ctx, e);
      return;
    }
    Replies.blocking(
        ctx,
        storage,
        () -> {
          Snapshot s = SnapshotParser.parse(req.artifacts().get(), req.kinds(), req.environment());
          long id =
              storage
                  .database()
                  .inTransaction(
                      c -> {
                        long release =
                            SnapshotStore.upsertRelease(
                                c, req.service(), version, req.commit(), req.baseline());
                        long snapshot = SnapshotStore.insert(c, release, s);
                        ReleaseEvidence.pin(c, req.service(), version);
                        return snapshot;
                      });
          return new JsonObject()
              .put("snapshot_id", id)
              .put("service", req.service())
              .put("version", version)
              .put("artifacts", s.artifacts())
              .put("dependencies", s.dependencies().size())
              .put("vulnerabilities", s.vulnerabilities().size())
              .put("tests", s.tests() == null ? null : s.tests().toJson())
              .put("coverage", s.coverage() == null ? null : s.coverage().toJson())
              .put("findings", s.findings())
              .put("quality", quality(req.service(), version, req.baseline()));
        },
        r -> Replies.json(ctx, 201, r));
  }

  /**
   * The release's scores against its baseline (the snapshot's, else the one recorded, else the
   * previous release): a comparison reused or computed now, so the score is also kept as a series.
   * Without a baseline to compare with, says so.
   */
  private JsonObject quality(String service, String version, String baseline) throws Exception {
    JsonObject c;
    try {
      c =
          comparer.compare(
              new ComparisonRequest(
                  service, version, baseline, List.of(), comparer.thresholdPct(), comparer.alpha()),
              true);
    } catch (IllegalArgumentException | NoSuchReleaseException e) { // no baseline, or unknown
      return new JsonObject().put("comparison_id", null).put("note", e.getMessage());
    }
    return new JsonObject()
        .put("comparison_id", c.getLong("id"))
        .put("baseline", c.getJsonObject("baseline").getString("version"))
        .put("quality_score", c.getJsonObject("quality_score"))
        .put("quality_scores", c.getJsonArray("quality_scores"))
        .put("recommendation", c.getString("recommendation"))
        .put("missing_evidence", c.getJsonObject("evidence").getJsonArray("missing"));
  }
}
