package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import java.util.ArrayList;
import java.util.List;

/** {@code go.mod}: the {@code require} directives, single or in a block. */
public final class GoModParser {
  private GoModParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    List<Dependency> out = new ArrayList<>();
    String[] lines = artifact.content().split("\r?\n", -1);
    boolean block = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceFirst("//.*", "").strip();
      if (block) {
        if (line.equals(")")) {
          block = false;
        } else if (!line.isEmpty()) {
          out.add(require(artifact, i + 1, line));
        }
      } else if (line.equals("require (")) {
        block = true;
      } else if (line.startsWith("require ")) {
        out.add(require(artifact, i + 1, line.substring(8).strip()));
      }
    }
    if (block) {
      throw new ArtifactException(artifact.name(), lines.length, "require block not closed");
    }
    return out;
  }

  private static Dependency require(Artifact artifact, int line, String text) {
    String[] f = text.split("\\s+");
    if (f.length != 2 || !f[1].startsWith("v")) {
      throw new ArtifactException(
          artifact.name(), line, "expected \"<module> v<version>\", got \"" + text + "\"");
    }
    return new Dependency("go", f[0], f[1], null, "declared", artifact.name());
  }
}
