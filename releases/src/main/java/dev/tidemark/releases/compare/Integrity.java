package dev.tidemark.releases.compare;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dependencies whose content changed under the same version: the candidate's lock file gives a
 * different checksum than the baseline's for the same package and version. A published version does
 * not change; when its hash does, the package was republished or tampered with, or the registry
 * mirror serves something else: a security finding. Checksums of different algorithms ({@code
 * sha512-…} against {@code sha1-…}, {@code h1:} against {@code sha256=}) are not compared.
 */
public final class Integrity {
  private Integrity() {}

  public static JsonArray compute(List<Dependency> baseline, List<Dependency> candidate) {
    Map<String, String> before = new HashMap<>();
    for (Dependency d : baseline) {
      if (d.checksum() != null) {
        before.put(d.key() + "@" + d.version() + "#" + algorithm(d.checksum()), d.checksum());
      }
    }
    JsonArray out = new JsonArray();
    for (Dependency d : candidate) {
      if (d.checksum() == null) {
        continue;
      }
      String was = before.get(d.key() + "@" + d.version() + "#" + algorithm(d.checksum()));
      if (was != null && !was.equals(d.checksum())) {
        out.add(
            new JsonObject()
                .put("ecosystem", d.ecosystem())
                .put("name", d.name())
                .put("version", d.version())
                .put("baseline_checksum", was)
                .put("candidate_checksum", d.checksum())
                .put("severity", "high")
                .put("source", d.source()));
      }
    }
    return out;
  }

  /** What names a checksum's algorithm: {@code sha512-}, {@code h1:}, {@code sha256=}, else "". */
  static String algorithm(String checksum) {
    for (int i = 0; i < Math.min(checksum.length(), 12); i++) {
      char c = checksum.charAt(i);
      if (c == '-' || c == ':' || c == '=') {
        return checksum.substring(0, i + 1);
      }
    }
    return "";
  }
}
