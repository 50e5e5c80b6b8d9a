package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code go.sum}: {@code module version h1:hash} lines, with {@code version/go.mod} lines for
 * modules whose go.mod only was needed. A module's code is in the build when its version has a code
 * hash; where go.sum holds several versions of one module, minimal version selection builds the
 * highest.
 */
public final class GoSumParser {
  private GoSumParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    Map<String, Dependency> chosen = new LinkedHashMap<>();
    String[] lines = artifact.content().split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length != 3 || !f[2].startsWith("h1:") || !f[1].startsWith("v")) {
        throw new ArtifactException(
            artifact.name(),
            i + 1,
            "expected \"<module> v<version>[/go.mod] h1:<hash>\", got \""
                + MavenListParser.abbreviate(line)
                + "\"");
      }
      if (f[1].endsWith("/go.mod")) {
        continue;
      }
      Dependency d = new Dependency("go", f[0], f[1], f[2], "module", artifact.name());
      Dependency prev = chosen.get(f[0]);
      Version v = Version.parse(f[1]);
      if (prev == null || (v != null && v.compareTo(Version.parse(prev.version())) > 0)) {
        chosen.put(f[0], d);
      }
    }
    return new ArrayList<>(chosen.values());
  }
}
