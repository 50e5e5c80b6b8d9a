package dev.tidemark.releases.compare;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.security.Vulnerability;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Known vulnerabilities of the candidate by severity, and which are new since the baseline. */
public final class SecurityDelta {
  private SecurityDelta() {}

  public static JsonObject compute(List<Vulnerability> baseline, List<Vulnerability> candidate) {
    Set<String> before =
        baseline.stream().map(v -> v.id() + " " + v.pkg()).collect(Collectors.toSet());
    JsonObject counts = new JsonObject();
    for (String s : new String[] {"critical", "high", "medium", "low", "unknown"}) {
      counts.put(s, 0);
    }
    JsonArray items = new JsonArray();
    for (Vulnerability v : candidate) {
      counts.put(v.severity(), counts.getInteger(v.severity(), 0) + 1);
      items.add(
          new JsonObject()
              .put("id", v.id())
              .put("package", v.pkg())
              .put("version", v.version())
              .put("severity", v.severity())
              .put("summary", v.summary())
              .put("new", !before.contains(v.id() + " " + v.pkg())));
    }
    return new JsonObject().put("counts", counts).put("vulnerabilities", items);
  }
}
