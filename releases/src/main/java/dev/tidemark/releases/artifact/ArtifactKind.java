package dev.tidemark.releases.artifact;

import java.util.Locale;

/** What a snapshot file holds, decided from its name and, where names are generic, its start. */
public enum ArtifactKind {
  MAVEN_POM,
  MAVEN_DEPENDENCY_LIST,
  NPM_PACKAGE_JSON,
  NPM_LOCK,
  PIP_REQUIREMENTS,
  GO_MOD,
  GO_SUM,
  JUNIT_XML,
  JACOCO_XML,
  OSV_JSON,
  NPM_AUDIT_JSON,
  ENVIRONMENT_JSON;

  /** The kind of {@code artifact}; throws naming the file when it is none of the above. */
  public static ArtifactKind of(Artifact artifact) {
    String path = artifact.name().replace('\\', '/');
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    String head = artifact.content().stripLeading();
    head = head.substring(0, Math.min(head.length(), 4096));
    if (name.equals("pom.xml")) {
      return MAVEN_POM;
    }
    if (name.equals("package-lock.json") || name.equals("npm-shrinkwrap.json")) {
      return NPM_LOCK;
    }
    if (name.equals("package.json")) {
      return NPM_PACKAGE_JSON;
    }
    if (name.equals("go.sum")) {
      return GO_SUM;
    }
    if (name.equals("go.mod")) {
      return GO_MOD;
    }
    if (name.startsWith("environment") && name.endsWith(".json")) {
      return ENVIRONMENT_JSON;
    }
    if (name.endsWith(".xml")) {
      if (head.contains("<report") && (head.contains("jacoco") || name.contains("jacoco"))) {
        return JACOCO_XML;
      }
      if (head.contains("<testsuite") || name.startsWith("test-")) {
        return JUNIT_XML;
      }
      if (name.contains("jacoco")) {
        return JACOCO_XML;
      }
    }
    if (name.endsWith(".json")) {
      if (name.contains("audit") || head.contains("\"auditReportVersion\"")) {
        return NPM_AUDIT_JSON;
      }
      if (name.contains("osv") || head.contains("\"results\"") || head.contains("\"vulns\"")) {
        return OSV_JSON;
      }
    }
    if (name.endsWith(".txt") || name.endsWith(".lst") || name.endsWith(".list")) {
      if (head.contains("The following files have been resolved")
          || name.contains("dependency-list")
          || name.contains("dependencies")) {
        return MAVEN_DEPENDENCY_LIST;
      }
      if (name.startsWith("requirements") || name.contains("freeze") || name.contains("pip")) {
        return PIP_REQUIREMENTS;
      }
    }
    throw new ArtifactException(
        artifact.name(),
        0,
        "unknown kind of file; expected pom.xml, a `mvn dependency:list` output (.txt),"
            + " package.json, package-lock.json, requirements*.txt, go.mod, go.sum, JUnit XML,"
            + " JaCoCo XML, OSV JSON, npm audit JSON or environment*.json");
  }

  /** Parses a kind name as given in a JSON snapshot ({@code "junit_xml"}). */
  public static ArtifactKind named(String file, String kind) {
    try {
      return valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ArtifactException(file, 0, "unknown kind \"" + kind + "\"");
    }
  }
}
