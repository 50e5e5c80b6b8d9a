package dev.tidemark.releases.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.releases.Fixture;
import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every dependency format from a realistic file, and its errors by line. */
class DependencyParsersTest {
  @Test
  void pomResolvesPropertiesAndManagedVersionsAndSkipsPluginDependencies() {
    assertThat(lines(MavenPomParser.parse(Fixture.of("parsers/pom.xml"))))
        .containsExactly(
            "io.vertx:vertx-core 5.0.12 compile",
            "org.slf4j:slf4j-api 2.0.16 compile",
            "dev.shop:shop-model 1.4.0 compile",
            "org.junit.jupiter:junit-jupiter 5.11.4 test");
  }

  @Test
  void mavenDependencyList() {
    assertThat(lines(MavenListParser.parse(Fixture.of("shop/v1/dependency-list.txt"))))
        .containsExactly(
            "org.slf4j:slf4j-api 2.0.9 compile",
            "com.fasterxml.jackson.core:jackson-core 2.15.2 compile",
            "junit:junit 4.13.2 test",
            "com.google.guava:guava 31.1-jre compile");
    assertThatThrownBy(
            () ->
                MavenListParser.parse(
                    new Artifact(
                        "deps.txt",
                        "The following files have been resolved:\n   a:b:jar:1.0:compile\n   garbage here\n")))
        .hasMessage(
            "cannot parse deps.txt: expected groupId:artifactId:type[:classifier]:"
                + "version:scope, got \"garbage here\" [file=deps.txt, line=3]");
  }

  @Test
  void npmLockVersions3And1WithIntegrity() {
    List<Dependency> v3 = NpmLockParser.parse(Fixture.of("shop/v2/package-lock.json"));
    assertThat(lines(v3))
        .containsExactly(
            "express 4.18.2 prod", "debug 2.6.9 prod", "lodash 4.17.20 prod", "debug 4.3.4 dev");
    assertThat(v3.get(0).checksum()).startsWith("sha512-");
    assertThat(lines(NpmLockParser.parse(Fixture.of("parsers/package-lock-v1.json"))))
        .containsExactly("left-pad 1.3.0 prod", "mocha 10.2.0 dev", "ms 2.1.3 dev");
    assertThat(lines(NpmPackageJsonParser.parse(Fixture.of("parsers/package.json"))))
        .containsExactly("react ^18.2.0 declared", "vite ~5.0.0 declared");
  }

  @Test
  void pipFreezeWithHashesMarkersAndUnpinnedRequirements() {
    assertThat(lines(PipRequirementsParser.parse(Fixture.of("shop/v2/requirements.txt"))))
        .containsExactly(
            "requests 2.32.3 runtime",
            "urllib3 2.0.7 runtime",
            "django 4.2.7 runtime",
            "flask >=3.0 declared");
    Dependency hashed = PipRequirementsParser.parse(Fixture.of("shop/v1/requirements.txt")).get(0);
    assertThat(hashed.checksum()).startsWith("sha256:58cd2187");
    assertThat(
            lines(
                PipRequirementsParser.parse(
                    new Artifact(
                        "requirements.txt",
                        "-r base.txt\n--index-url https://pypi.org/simple\nZope.Interface[test]==6.1\n"
                            + "pkg @ https://example.com/pkg-1.0.tar.gz\n"))))
        .containsExactly(
            "zope-interface 6.1 runtime", "pkg https://example.com/pkg-1.0.tar.gz declared");
    assertThatThrownBy(
            () ->
                PipRequirementsParser.parse(new Artifact("requirements.txt", "ok==1.0\n\n==2.0\n")))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("[file=requirements.txt, line=3]");
  }

  @Test
  void goSumKeepsCodeHashesAndTheHighestVersion() {
    assertThat(lines(GoSumParser.parse(Fixture.of("shop/v2/go.sum"))))
        .containsExactly(
            "github.com/google/uuid v1.6.0 module",
            "github.com/pkg/errors v0.9.1 module",
            "golang.org/x/text v0.14.0 module");
    assertThatThrownBy(
            () ->
                GoSumParser.parse(
                    new Artifact(
                        "go.sum",
                        "github.com/pkg/errors v0.9.1 h1:abc=\ngithub.com/pkg/errors v0.9.1")))
        .hasMessageContaining("[file=go.sum, line=2]");
    assertThat(lines(GoModParser.parse(Fixture.of("parsers/go.mod"))))
        .containsExactly(
            "github.com/pkg/errors v0.9.1 declared",
            "golang.org/x/text v0.14.0 declared",
            "github.com/google/uuid v1.6.0 declared");
  }

  @Test
  void versionsCompareAndNameTheirLevel() {
    assertThat(Version.level(Version.parse("31.1-jre"), Version.parse("32.1.3-jre")))
        .isEqualTo("major");
    assertThat(Version.level(Version.parse("v0.13.0"), Version.parse("v0.14.0")))
        .isEqualTo("minor");
    assertThat(Version.parse("1.0.0-rc1")).isLessThan(Version.parse("1.0.0"));
    assertThat(Version.parse("4.17.9")).isLessThan(Version.parse("4.17.10"));
    assertThat(Version.parse("^1.2")).isNull();
  }

  private static List<String> lines(List<Dependency> deps) {
    return deps.stream().map(d -> d.name() + " " + d.version() + " " + d.scope()).toList();
  }
}
