package dev.tidemark.releases.security;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.artifact.JsonText;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code npm audit --json}: npm 7+ ({@code vulnerabilities.<pkg>.via[]}, where an object is an
 * advisory and a string a path through another package, counted there), or npm 6 ({@code
 * advisories.<id>}).
 */
public final class NpmAuditParser {
  private NpmAuditParser() {}

  public static List<Vulnerability> parse(Artifact artifact) {
    JsonObject doc = JsonText.object(artifact);
    Map<String, Vulnerability> out = new LinkedHashMap<>();
    if (doc.getValue("vulnerabilities") instanceof JsonObject vulns) {
      for (String pkg : vulns.fieldNames()) {
        if (!(vulns.getValue(pkg) instanceof JsonObject entry)) {
          throw new ArtifactException(artifact.name(), 0, "vulnerability " + pkg + " is no object");
        }
        for (Object via : entry.getJsonArray("via", new dev.tidemark.releases.json.JsonArray())) {
          if (via instanceof JsonObject adv) {
            String id =
                adv.getValue("url") instanceof String u ? u : "npm:" + adv.getValue("source");
            String name = adv.getString("name", pkg);
            out.putIfAbsent(
                id + " " + name,
                new Vulnerability(
                    id,
                    name,
                    adv.getString("range"),
                    Vulnerability.severity(adv.getValue("severity")),
                    adv.getString("title"),
                    artifact.name()));
          }
        }
      }
    } else if (doc.getValue("advisories") instanceof JsonObject advisories) {
      for (String key : advisories.fieldNames()) {
        if (!(advisories.getValue(key) instanceof JsonObject adv)) {
          throw new ArtifactException(artifact.name(), 0, "advisory " + key + " is no object");
        }
        out.putIfAbsent(
            key,
            new Vulnerability(
                adv.getValue("url") instanceof String u ? u : "npm:" + key,
                OsvParser.text(artifact, adv, "module_name"),
                adv.getString("vulnerable_versions"),
                Vulnerability.severity(adv.getValue("severity")),
                adv.getString("title"),
                artifact.name()));
      }
    } else {
      throw new ArtifactException(
          artifact.name(), 0, "expected \"vulnerabilities\" (npm 7+) or \"advisories\" (npm 6)");
    }
    return new ArrayList<>(out.values());
  }
}
