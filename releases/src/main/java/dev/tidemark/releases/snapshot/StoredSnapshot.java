package dev.tidemark.releases.snapshot;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.deps.License;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.security.Vulnerability;
import java.util.List;

/**
 * A snapshot as read back: what comparisons work from. Null parts were not captured.
 *
 * @param artifacts {@code [{"name":…,"kind":…}]}: which files were read, so that "no
 *     vulnerabilities" can be told from "no scan"
 */
public record StoredSnapshot(
    long id,
    String createdAt,
    JsonObject environment,
    JsonObject tests,
    JsonObject coverage,
    JsonArray findings,
    JsonArray artifacts,
    List<Dependency> dependencies,
    List<Vulnerability> vulnerabilities,
    List<License> licenses) {

  /** Whether any file of one of these kinds ({@code "osv_json"} …) was read. */
  public boolean has(String... kinds) {
    for (Object o : artifacts == null ? new JsonArray() : artifacts) {
      String k = ((JsonObject) o).getString("kind");
      for (String want : kinds) {
        if (want.equals(k)) {
          return true;
        }
      }
    }
    return false;
  }
}
