package dev.tidemark.server.storage.releases;

import dev.tidemark.server.releases.deps.Dependency;
import dev.tidemark.server.releases.security.Vulnerability;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A snapshot as read back: what comparisons work from. Null parts were not captured. */
public record StoredSnapshot(
    long id,
    String createdAt,
    JsonObject environment,
    JsonObject tests,
    JsonObject coverage,
    JsonArray findings,
    List<Dependency> dependencies,
    List<Vulnerability> vulnerabilities) {}
