package dev.tidemark.releases.deps;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code requirements.txt} and {@code pip freeze} output: {@code name[extras]==version} with
 * optional environment markers and {@code --hash=sha256:…} options, comments, line continuations
 * and pip options ({@code -r}, {@code -e}, {@code --index-url}), which are skipped. A requirement
 * not pinned with {@code ==} is kept with its specifier and scope {@code declared}: such a file is
 * not a lock file.
 */
public final class PipRequirementsParser {
  private static final Pattern REQ =
      Pattern.compile(
          "([A-Za-z0-9][A-Za-z0-9._\\-]*)(\\[[^\\]]*])?\\s*"
              + "(?:(===|==|~=|>=|<=|!=|>|<)\\s*([^;\\s,]+)(\\s*,\\s*[^;\\s]+)*)?"
              + "\\s*(;[^#]*?)?((?:\\s+--hash[=\\s]\\S+)*)\\s*(#.*)?");
  private static final Pattern HASH = Pattern.compile("--hash[=\\s](\\S+)");

  private PipRequirementsParser() {}

  public static List<Dependency> parse(Artifact artifact) {
    List<Dependency> out = new ArrayList<>();
    String[] lines = artifact.content().split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int first = i;
      StringBuilder logical = new StringBuilder(lines[i]);
      while (logical.toString().stripTrailing().endsWith("\\") && i + 1 < lines.length) {
        String s = logical.toString().stripTrailing();
        logical.setLength(0);
        logical.append(s, 0, s.length() - 1).append(' ').append(lines[++i].strip());
      }
      String line = logical.toString().strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("-")) {
        continue;
      }
      if (line.contains(" @ ")) { // direct reference: name @ url
        String name = line.substring(0, line.indexOf(" @ ")).strip();
        out.add(dep(artifact, name, line.substring(line.indexOf(" @ ") + 3).strip(), null, true));
        continue;
      }
      Matcher m = REQ.matcher(line);
      if (!m.matches()) {
        throw new ArtifactException(
            artifact.name(),
            first + 1,
            "expected name==version, got \"" + MavenListParser.abbreviate(line) + "\"");
      }
      boolean pinned = "==".equals(m.group(3)) || "===".equals(m.group(3));
      String version = m.group(3) == null ? "*" : pinned ? m.group(4) : m.group(3) + m.group(4);
      Matcher h = HASH.matcher(m.group(7) == null ? "" : m.group(7));
      String hash = h.find() ? h.group(1) : null;
      out.add(dep(artifact, m.group(1), version, hash, !pinned));
    }
    return out;
  }

  private static Dependency dep(
      Artifact artifact, String name, String version, String hash, boolean declared) {
    String normalised = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-"); // PEP 503
    return new Dependency(
        "pypi", normalised, version, hash, declared ? "declared" : "runtime", artifact.name());
  }
}
