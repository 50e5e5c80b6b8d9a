package dev.tidemark.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: the version and the git commit it was built from, read from {@code
 * tidemark-git.properties}, which the git-commit-id plugin writes at build time. A build outside a
 * git checkout says "unknown". Reported by {@code /api/v1/status/buildinfo} and, as {@code
 * tidemark_build_info}, by {@code /metrics}, so an operator can tell which commit each server of a
 * rolling upgrade runs.
 */
public record BuildInfo(
    String version, String revision, String branch, String date, boolean dirty) {
  private static final BuildInfo CURRENT = load();

  public static BuildInfo current() {
    return CURRENT;
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/tidemark-git.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // unreadable: the defaults below answer
    }
    String version = p.getProperty("git.build.version");
    if (version == null) {
      version = BuildInfo.class.getPackage().getImplementationVersion();
    }
    return new BuildInfo(
        version == null ? "unknown" : version,
        p.getProperty("git.commit.id", "unknown"),
        p.getProperty("git.branch", "unknown"),
        p.getProperty("git.commit.time", ""),
        Boolean.parseBoolean(p.getProperty("git.dirty", "false")));
  }

  /**
   * The {@code tidemark_build_info} gauge in Prometheus text format (always 1, facts as labels).
   */
  public void render(StringBuilder sb) {
    sb.append("# HELP tidemark_build_info The version and git commit this server was built from.\n")
        .append("# TYPE tidemark_build_info gauge\n")
        .append("tidemark_build_info{version=\"")
        .append(escape(version))
        .append("\",revision=\"")
        .append(escape(revision))
        .append("\",branch=\"")
        .append(escape(branch))
        .append("\",dirty=\"")
        .append(dirty)
        .append("\",java=\"")
        .append(escape(Runtime.version().toString()))
        .append("\"} 1\n");
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
