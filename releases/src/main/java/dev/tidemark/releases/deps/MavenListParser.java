package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output of {@code mvn dependency:list}: after "The following files have been resolved:", one
 * {@code groupId:artifactId:type[:classifier]:version:scope} a line (with or without the {@code
 * [INFO]} prefix and a trailing {@code -- module …}). Maven's resolved list is its lock file.
 */
public final class MavenListParser {
  private static final Pattern COORD =
      Pattern.compile(
          "([\\w.\\-]+):([\\w.\\-]+):([\\w.\\-]+)(?::([\\w.\\-]+))?:([\\w.\\-+]+):(\\w+)"
              + "(?:\\s+--.*)?(?:\\s+\\(optional\\))?");

  private MavenListParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    List<Dependency> out = new ArrayList<>();
    String[] lines = artifact.content().split("\r?\n", -1);
    boolean inList = false;
    boolean sawHeader = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].replaceFirst("^\\[INFO]", "").strip();
      if (line.contains("The following files have been resolved")) {
        inList = true;
        sawHeader = true;
        continue;
      }
      if (!inList) {
        continue;
      }
      if (line.isEmpty() || line.equals("none") || line.startsWith("---") || line.startsWith("[")) {
        inList = false;
        continue;
      }
      Matcher m = COORD.matcher(line);
      if (!m.matches()) {
        throw new ArtifactException(
            artifact.name(),
            i + 1,
            "expected groupId:artifactId:type[:classifier]:version:scope, got \""
                + abbreviate(line)
                + "\"");
      }
      out.add(
          new Dependency(
              "maven",
              m.group(1) + ":" + m.group(2),
              m.group(5),
              null,
              m.group(6),
              artifact.name()));
    }
    if (!sawHeader) {
      throw new ArtifactException(
          artifact.name(), 0, "no \"The following files have been resolved:\" section");
    }
    return out;
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
