package dev.tidemark.releases.compare;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.deps.Version;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dependency changes between two snapshots, by {@code ecosystem:name}: added, removed, upgraded and
 * downgraded (with the semver level of the change: major, minor, patch, other).
 */
public final class DependencyDiff {
  private DependencyDiff() {}

  public static JsonObject compute(List<Dependency> baseline, List<Dependency> candidate) {
    Map<String, Dependency> before = index(baseline);
    Map<String, Dependency> after = index(candidate);
    JsonArray added = new JsonArray();
    JsonArray removed = new JsonArray();
    JsonArray upgraded = new JsonArray();
    JsonArray downgraded = new JsonArray();
    JsonArray changed = new JsonArray();
    int unchanged = 0;
    for (Map.Entry<String, Dependency> e : after.entrySet()) {
      Dependency b = before.get(e.getKey());
      Dependency c = e.getValue();
      if (b == null) {
        added.add(item(c).put("version", c.version()));
      } else if (b.version().equals(c.version())) {
        unchanged++;
      } else {
        Version vb = Version.parse(b.version());
        Version vc = Version.parse(c.version());
        JsonObject row = item(c).put("from", b.version()).put("to", c.version());
        if (vb == null || vc == null) {
          changed.add(row.put("level", "unknown"));
        } else {
          row.put("level", Version.level(vb, vc));
          (vc.compareTo(vb) > 0 ? upgraded : downgraded).add(row);
        }
      }
    }
    for (Map.Entry<String, Dependency> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        removed.add(item(e.getValue()).put("version", e.getValue().version()));
      }
    }
    return new JsonObject()
        .put("added", added)
        .put("removed", removed)
        .put("upgraded", upgraded)
        .put("downgraded", downgraded)
        .put("changed", changed)
        .put("unchanged", unchanged);
  }

  private static JsonObject item(Dependency d) {
    return new JsonObject().put("ecosystem", d.ecosystem()).put("name", d.name());
  }

  /** One version per dependency: the highest, where a lock lists several (npm nests copies). */
  static Map<String, Dependency> index(List<Dependency> deps) {
    Map<String, Dependency> out = new TreeMap<>();
    for (Dependency d : deps) {
      out.merge(d.key(), d, (a, b) -> higher(a, b));
    }
    return out;
  }

  private static Dependency higher(Dependency a, Dependency b) {
    Version va = Version.parse(a.version());
    Version vb = Version.parse(b.version());
    if (va == null || vb == null) {
      return a;
    }
    return vb.compareTo(va) > 0 ? b : a;
  }
}
