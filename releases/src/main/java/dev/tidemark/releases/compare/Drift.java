package dev.tidemark.releases.compare;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.deps.Version;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Dependency drift of a release (DESIGN.md): each dependency's lag behind the newest version seen
 * across the service's releases. A major lag is high, minor medium, patch low; a missing lock file
 * is high.
 */
public final class Drift {
  private Drift() {}

  public static JsonObject compute(
      List<Dependency> candidate, Map<String, List<String>> seen, JsonArray findings) {
    JsonArray items = new JsonArray();
    int high = 0;
    int medium = 0;
    int low = 0;
    for (Dependency d : DependencyDiff.index(candidate).values()) {
      Version current = Version.parse(d.version());
      if (current == null || d.scope().equals("declared")) {
        continue;
      }
      Version newest = current;
      for (String v : seen.getOrDefault(d.key(), List.of())) {
        Version other = Version.parse(v);
        if (other != null && other.qualifier().isEmpty() && other.compareTo(newest) > 0) {
          newest = other;
        }
      }
      if (newest == current) {
        continue;
      }
      String lag = Version.level(current, newest);
      String severity =
          switch (lag) {
            case "major" -> "high";
            case "minor" -> "medium";
            default -> "low";
          };
      switch (severity) {
        case "high" -> high++;
        case "medium" -> medium++;
        default -> low++;
      }
      items.add(
          new JsonObject()
              .put("ecosystem", d.ecosystem())
              .put("name", d.name())
              .put("version", d.version())
              .put("newest", newest.text())
              .put("lag", lag)
              .put("severity", severity));
    }
    JsonArray lockMissing = new JsonArray();
    for (Object f : findings) {
      if (f instanceof JsonObject j && "lock_missing".equals(j.getString("type"))) {
        lockMissing.add(j);
        high++;
      }
    }
    return new JsonObject()
        .put("items", items)
        .put("lock_missing", lockMissing)
        .put("high", high)
        .put("medium", medium)
        .put("low", low);
  }
}
