package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.artifact.JsonText;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code package-lock.json}: lockfileVersion 2 and 3 list {@code packages} by install path ({@code
 * node_modules/a/node_modules/b}); version 1 nests {@code dependencies}. Each entry gives the
 * version and the {@code integrity} hash; {@code dev: true} marks development dependencies.
 */
public final class NpmLockParser {
  private NpmLockParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    JsonObject lock = JsonText.object(artifact);
    List<Dependency> out = new ArrayList<>();
    Object packages = lock.getValue("packages");
    if (packages instanceof JsonObject pkgs) {
      for (String path : pkgs.fieldNames()) {
        if (path.isEmpty() || !path.contains("node_modules/")) {
          continue; // the project itself, or a workspace link
        }
        String name = path.substring(path.lastIndexOf("node_modules/") + "node_modules/".length());
        add(artifact, out, name, pkgs.getValue(path));
      }
    } else if (lock.getValue("dependencies") instanceof JsonObject deps) {
      walkV1(artifact, out, deps, 0);
    } else {
      throw new ArtifactException(
          artifact.name(), 0, "neither \"packages\" nor \"dependencies\" is an object");
    }
    return out;
  }

  private static void walkV1(Artifact artifact, List<Dependency> out, JsonObject deps, int depth) {
    if (depth > 64) {
      throw new ArtifactException(artifact.name(), 0, "dependencies nested deeper than 64");
    }
    for (String name : deps.fieldNames()) {
      Object entry = deps.getValue(name);
      add(artifact, out, name, entry);
      if (entry instanceof JsonObject e && e.getValue("dependencies") instanceof JsonObject n) {
        walkV1(artifact, out, n, depth + 1);
      }
    }
  }

  private static void add(Artifact artifact, List<Dependency> out, String name, Object value) {
    if (!(value instanceof JsonObject entry) || !(entry.getValue("version") instanceof String v)) {
      if (value instanceof JsonObject e && e.getBoolean("link", false)) {
        return;
      }
      throw new ArtifactException(
          artifact.name(), 0, "package " + name + " has no \"version\" string");
    }
    String integrity = entry.getValue("integrity") instanceof String s ? s : null;
    String scope = entry.getBoolean("dev", false) ? "dev" : "prod";
    out.add(new Dependency("npm", name, v, integrity, scope, artifact.name()));
  }
}
