package dev.tidemark.server.releases;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.snapshot.StoredSnapshot;
import dev.tidemark.server.releases.Replies.NotFoundException;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.releases.ReleaseMetrics;
import dev.tidemark.server.storage.releases.ReleaseReader;
import dev.tidemark.server.storage.releases.SnapshotReader;
import io.vertx.ext.web.RoutingContext;

/** Reads: releases, one release, its metrics, a snapshot's environment and dependencies. */
final class ReleaseHandler {
  private final Storage storage;

  ReleaseHandler(Storage storage) {
    this.storage = storage;
  }

  void list(RoutingContext ctx) {
    String service = ctx.queryParams().get("service");
    Replies.blocking(
        ctx,
        storage,
        () -> storage.database().withConnection(c -> ReleaseReader.list(c, service)),
        r -> Replies.json(ctx, 200, new JsonObject().put("releases", r)));
  }

  void get(RoutingContext ctx) {
    String service = ctx.queryParams().get("service");
    String version = ctx.pathParam("version");
    Replies.blocking(
        ctx,
        storage,
        () ->
            storage
                .database()
                .withConnection(c -> ReleaseReader.find(c, service, version))
                .orElseThrow(() -> notFound(service, version)),
        r -> Replies.json(ctx, 200, r));
  }

  void metrics(RoutingContext ctx) {
    String service = ctx.queryParams().get("service");
    String version = ctx.pathParam("version");
    Replies.blocking(
        ctx,
        storage,
        () ->
            storage
                .database()
                .withConnection(
                    c -> {
                      JsonObject r =
                          ReleaseReader.find(c, service, version)
                              .orElseThrow(() -> notFound(service, version));
                      JsonArray metrics =
                          ReleaseMetrics.summary(c, r.getString("service"), version);
                      return new JsonObject()
                          .put("service", r.getString("service"))
                          .put("version", version)
                          .put("metrics", metrics);
                    }),
        r -> Replies.json(ctx, 200, r));
  }

  void environment(RoutingContext ctx) {
    withSnapshot(
        ctx,
        s ->
            new JsonObject()
                .put("snapshot_id", s.id())
                .put("captured_at", s.createdAt())
                .put("environment", s.environment()));
  }

  void dependencies(RoutingContext ctx) {
    withSnapshot(
        ctx,
        s -> {
          JsonArray deps = new JsonArray();
          s.dependencies()
              .forEach(
                  d ->
                      deps.add(
                          new JsonObject()
                              .put("ecosystem", d.ecosystem())
                              .put("name", d.name())
                              .put("version", d.version())
                              .put("checksum", d.checksum())
                              .put("scope", d.scope())
                              .put("source", d.source())));
          return new JsonObject()
              .put("snapshot_id", s.id())
              .put("dependencies", deps)
              .put("findings", s.findings());
        });
  }

  private void withSnapshot(
      RoutingContext ctx, java.util.function.Function<StoredSnapshot, JsonObject> view) {
    try {
      long id = Replies.id(ctx, "snapshot", "snapshot");
      Replies.blocking(
          ctx,
          storage,
          () ->
              storage
                  .database()
                  .withConnection(c -> SnapshotReader.byId(c, id))
                  .map(view)
                  .orElseThrow(
                      () -> new NotFoundException("cannot find snapshot " + id + ": no such id")),
          r -> Replies.json(ctx, 200, r));
    } catch (IllegalArgumentException e) {
      Replies.failure(ctx, e);
    }
  }

  private static NotFoundException notFound(String service, String version) {
    return new NotFoundException(
        "cannot find release "
            + version
            + (service == null ? "" : " of service " + service)
            + ": no samples labelled with it and no snapshot");
  }
}
