package dev.tidemark.releases.snapshot;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactKind;
import dev.tidemark.releases.artifact.JsonText;
import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.deps.GoModParser;
import dev.tidemark.releases.deps.GoSumParser;
import dev.tidemark.releases.deps.License;
import dev.tidemark.releases.deps.LicenseReader;
import dev.tidemark.releases.deps.MavenListParser;
import dev.tidemark.releases.deps.MavenPomParser;
import dev.tidemark.releases.deps.NpmLockParser;
import dev.tidemark.releases.deps.NpmPackageJsonParser;
import dev.tidemark.releases.deps.PipRequirementsParser;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.security.NpmAuditParser;
import dev.tidemark.releases.security.OsvParser;
import dev.tidemark.releases.security.Vulnerability;
import dev.tidemark.releases.tests.Coverage;
import dev.tidemark.releases.tests.JUnitXmlParser;
import dev.tidemark.releases.tests.JacocoXmlParser;
import dev.tidemark.releases.tests.TestOutcome;
import dev.tidemark.releases.tests.TestSummary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses every file of a snapshot request, or throws {@link
 * dev.tidemark.releases.artifact.ArtifactException} at the first bad one. A lock file wins over its
 * manifest ({@code package-lock.json} over {@code package.json}, {@code go.sum} over {@code
 * go.mod}, {@code mvn dependency:list} over {@code pom.xml}); a manifest without its lock, or a
 * requirements file with unpinned entries, is a {@code lock_missing} finding.
 */
public final class SnapshotParser {
  private SnapshotParser() {}

  /** {@code kinds} gives an explicit kind per artifact (null entries are detected). */
  public static Snapshot parse(
      List<Artifact> artifacts, List<String> kinds, JsonObject environment) {
    Map<ArtifactKind, List<Dependency>> deps = new EnumMap<>(ArtifactKind.class);
    List<TestOutcome> outcomes = new ArrayList<>();
    Coverage coverage = null;
    List<Vulnerability> vulns = new ArrayList<>();
    JsonArray described = new JsonArray();
    List<License> licenses = new ArrayList<>();
    JsonObject env = environment;
    for (int i = 0; i < artifacts.size(); i++) {
      Artifact a = artifacts.get(i);
      String explicit = i < kinds.size() ? kinds.get(i) : null;
      ArtifactKind kind =
          explicit == null ? ArtifactKind.of(a) : ArtifactKind.named(a.name(), explicit);
      described.add(
          new JsonObject().put("name", a.name()).put("kind", kind.name().toLowerCase(Locale.ROOT)));
      licenses.addAll(LicenseReader.read(a, kind));
      switch (kind) {
        case MAVEN_POM -> add(deps, kind, MavenPomParser.parse(a));
        case MAVEN_DEPENDENCY_LIST -> add(deps, kind, MavenListParser.parse(a));
        case NPM_PACKAGE_JSON -> add(deps, kind, NpmPackageJsonParser.parse(a));
        case NPM_LOCK -> add(deps, kind, NpmLockParser.parse(a));
        case PIP_REQUIREMENTS -> add(deps, kind, PipRequirementsParser.parse(a));
        case GO_MOD -> add(deps, kind, GoModParser.parse(a));
        case GO_SUM -> add(deps, kind, GoSumParser.parse(a));
        case JUNIT_XML -> outcomes.addAll(JUnitXmlParser.parse(a));
        case JACOCO_XML -> {
          Coverage c = JacocoXmlParser.parse(a);
          coverage = coverage == null ? c : coverage.plus(c);
        }
        case OSV_JSON -> vulns.addAll(OsvParser.parse(a));
        case NPM_AUDIT_JSON -> vulns.addAll(NpmAuditParser.parse(a));
        case ENVIRONMENT_JSON -> env = JsonText.object(a);
      }
    }
    JsonArray findings = new JsonArray();
    List<Dependency> chosen = new ArrayList<>();
    choose(
        deps,
        ArtifactKind.MAVEN_DEPENDENCY_LIST,
        ArtifactKind.MAVEN_POM,
        "maven",
        null,
        chosen,
        findings);
    choose(
        deps,
        ArtifactKind.NPM_LOCK,
        ArtifactKind.NPM_PACKAGE_JSON,
        "npm",
        "package.json without package-lock.json",
        chosen,
        findings);
    choose(
        deps,
        ArtifactKind.GO_SUM,
        ArtifactKind.GO_MOD,
        "go",
        "go.mod without go.sum",
        chosen,
        findings);
    List<Dependency> pip = deps.getOrDefault(ArtifactKind.PIP_REQUIREMENTS, List.of());
    List<String> unpinned =
        pip.stream().filter(d -> d.scope().equals("declared")).map(Dependency::name).toList();
    if (!unpinned.isEmpty()) {
      findings.add(
          lockMissing(
              "pypi", "requirements not pinned with == (no lock): " + String.join(", ", unpinned)));
    }
    chosen.addAll(pip);
    return new Snapshot(
        env,
        dedupe(chosen),
        outcomes.isEmpty() ? null : TestSummary.of(outcomes),
        coverage,
        vulns,
        findings,
        described,
        licenses);
  }

  private static void add(
      Map<ArtifactKind, List<Dependency>> deps, ArtifactKind kind, List<Dependency> found) {
    deps.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(found);
  }

  private static void choose(
      Map<ArtifactKind, List<Dependency>> deps,
      ArtifactKind lock,
      ArtifactKind manifest,
      String ecosystem,
      String missingLock,
      List<Dependency> chosen,
      JsonArray findings) {
    if (deps.containsKey(lock)) {
      chosen.addAll(deps.get(lock));
    } else if (deps.containsKey(manifest)) {
      chosen.addAll(deps.get(manifest));
      if (missingLock != null) {
        findings.add(lockMissing(ecosystem, missingLock));
      }
    }
  }

  private static JsonObject lockMissing(String ecosystem, String detail) {
    return new JsonObject()
        .put("type", "lock_missing")
        .put("ecosystem", ecosystem)
        .put("severity", "high")
        .put("detail", detail);
  }

  private static List<Dependency> dedupe(List<Dependency> deps) {
    Map<String, Dependency> unique = new LinkedHashMap<>();
    for (Dependency d : deps) {
      unique.putIfAbsent(d.key() + "@" + d.version(), d);
    }
    return new ArrayList<>(unique.values());
  }
}
