package dev.tidemark.releases.security;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.artifact.JsonText;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * OSV-based scanner output: osv-scanner's {@code --format json} ({@code results[].packages[]} with
 * {@code vulnerabilities} and {@code groups[].max_severity}), pip-audit's {@code -f json} ({@code
 * dependencies[].vulns[]}), or a bare list of OSV records ({@code {"vulns":[…]}}).
 */
public final class OsvParser {
  private OsvParser() {}

  public static List<Vulnerability> parse(Artifact artifact) {
    JsonObject doc = JsonText.object(artifact);
    List<Vulnerability> out = new ArrayList<>();
    if (doc.getValue("results") instanceof JsonArray results) {
      for (JsonObject result : objects(artifact, results)) {
        if (result.getValue("packages") instanceof JsonArray pkgs) {
          for (JsonObject p : objects(artifact, pkgs)) {
            osvPackage(artifact, p, out);
          }
        }
      }
    } else if (doc.getValue("dependencies") instanceof JsonArray deps) {
      for (JsonObject d : objects(artifact, deps)) {
        if (d.getValue("vulns") instanceof JsonArray vulns) {
          for (JsonObject v : objects(artifact, vulns)) {
            out.add(
                new Vulnerability(
                    text(artifact, v, "id"),
                    text(artifact, d, "name"),
                    d.getString("version"),
                    Vulnerability.severity(v.getValue("severity")),
                    v.getString("description"),
                    artifact.name()));
          }
        }
      }
    } else if (doc.getValue("vulns") instanceof JsonArray vulns) {
      for (JsonObject v : objects(artifact, vulns)) {
        out.add(record(artifact, v, affectedName(v), null, null));
      }
    } else {
      throw new ArtifactException(
          artifact.name(),
          0,
          "expected \"results\" (osv-scanner), \"dependencies\" (pip-audit)" + " or \"vulns\"");
    }
    return out;
  }

  private static void osvPackage(Artifact artifact, JsonObject p, List<Vulnerability> out) {
    JsonObject pkg = p.getJsonObject("package", new JsonObject());
    String name = text(artifact, pkg, "name");
    JsonArray groups = p.getJsonArray("groups", new JsonArray());
    if (p.getValue("vulnerabilities") instanceof JsonArray vulns) {
      for (JsonObject v : objects(artifact, vulns)) {
        Object groupSeverity = null;
        for (Object g : groups) {
          if (g instanceof JsonObject go
              && go.getJsonArray("ids", new JsonArray()).contains(v.getString("id"))) {
            groupSeverity = go.getValue("max_severity");
          }
        }
        out.add(record(artifact, v, name, pkg.getString("version"), groupSeverity));
      }
    }
  }

  private static Vulnerability record(
      Artifact artifact, JsonObject v, String pkg, String version, Object groupSeverity) {
    Object severity = groupSeverity;
    if (v.getValue("database_specific") instanceof JsonObject ds
        && ds.getValue("severity") != null) {
      severity = ds.getValue("severity");
    }
    return new Vulnerability(
        text(artifact, v, "id"),
        pkg,
        version,
        Vulnerability.severity(severity),
        v.getString("summary"),
        artifact.name());
  }

  private static String affectedName(JsonObject v) {
    if (v.getValue("affected") instanceof JsonArray a
        && !a.isEmpty()
        && a.getValue(0) instanceof JsonObject first
        && first.getValue("package") instanceof JsonObject p) {
      return p.getString("name", "unknown");
    }
    return "unknown";
  }

  static List<JsonObject> objects(Artifact artifact, JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject j)) {
        throw new ArtifactException(artifact.name(), 0, "expected objects in an array, got " + o);
      }
      out.add(j);
    }
    return out;
  }

  static String text(Artifact artifact, JsonObject o, String field) {
    if (!(o.getValue(field) instanceof String s)) {
      throw new ArtifactException(artifact.name(), 0, "missing \"" + field + "\" string");
    }
    return s;
  }
}
