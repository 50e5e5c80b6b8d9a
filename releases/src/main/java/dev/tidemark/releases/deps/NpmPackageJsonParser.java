package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.JsonText;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@code package.json}: declared ranges only; without its lock file they prove nothing. */
public final class NpmPackageJsonParser {
  private NpmPackageJsonParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    JsonObject pkg = JsonText.object(artifact);
    List<Dependency> out = new ArrayList<>();
    for (String field : List.of("dependencies", "devDependencies")) {
      if (pkg.getValue(field) instanceof JsonObject deps) {
        for (String name : deps.fieldNames()) {
          out.add(
              new Dependency(
                  "npm",
                  name,
                  String.valueOf(deps.getValue(name)),
                  null,
                  "declared",
                  artifact.name()));
        }
      }
    }
    return out;
  }
}
