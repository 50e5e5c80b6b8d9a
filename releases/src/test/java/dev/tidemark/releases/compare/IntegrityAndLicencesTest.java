package dev.tidemark.releases.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactKind;
import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.deps.License;
import dev.tidemark.releases.deps.LicenseReader;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same version with a new checksum is a security finding; denied licences cost policy. */
class IntegrityAndLicencesTest {
  private static Dependency npm(String name, String version, String integrity) {
    return new Dependency("npm", name, version, integrity, "prod", "package-lock.json");
  }

  @Test
  void sameVersionNewChecksumIsFlaggedOtherAlgorithmsAreNotCompared() {
    List<Dependency> base =
        List.of(
            npm("left-pad", "1.3.0", "sha512-AAAA"),
            npm("lodash", "4.17.21", "sha512-BBBB"),
            npm("chalk", "5.3.0", "sha1-CCCC"));
    List<Dependency> cand =
        List.of(
            npm("left-pad", "1.3.0", "sha512-ZZZZ"),
            npm("lodash", "4.17.21", "sha512-BBBB"),
            npm("chalk", "5.3.0", "sha512-DDDD"));
    JsonArray found = Integrity.compute(base, cand);
    assertThat(found.size()).isEqualTo(1);
    assertThat(found.getJsonObject(0).getString("name")).isEqualTo("left-pad");
    assertThat(found.getJsonObject(0).getString("baseline_checksum")).isEqualTo("sha512-AAAA");
  }

  @Test
  void spdxExpressionsAgainstTheDenyList() {
    List<String> deny = List.of("AGPL-3.0*", "SSPL-1.0", "GPL-3.0");
    assertThat(LicensePolicy.denied("AGPL-3.0-only", deny)).isTrue();
    assertThat(LicensePolicy.denied("agpl-3.0-or-later", deny)).isTrue();
    assertThat(LicensePolicy.denied("MIT", deny)).isFalse();
    assertThat(LicensePolicy.denied("(MIT OR GPL-3.0)", deny)).isFalse();
    assertThat(LicensePolicy.denied("(MIT AND GPL-3.0)", deny)).isTrue();
    assertThat(LicensePolicy.denied("GPL-3.0 WITH Classpath-exception-2.0", deny)).isTrue();
    assertThat(LicensePolicy.denied("GPL-3.0-or-later", deny)).isFalse();
    assertThat(LicensePolicy.denied("SSPL-1.0", List.of())).isFalse();
  }

  @Test
  void licencesAreReadFromNpmLocksAndPoms() {
    String lock =
        "{\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"shop\"},"
            + "\"node_modules/left-pad\":{\"version\":\"1.3.0\",\"license\":\"WTFPL\"},"
            + "\"node_modules/mongo-thing\":{\"version\":\"2.0.0\",\"license\":\"SSPL-1.0\"},"
            + "\"node_modules/old\":{\"version\":\"0.1.0\",\"licenses\":[{\"type\":\"MIT\"},"
            + "{\"type\":\"Apache-2.0\"}]},"
            + "\"node_modules/none\":{\"version\":\"1.0.0\"}}}";
    List<License> npm =
        LicenseReader.read(new Artifact("package-lock.json", lock), ArtifactKind.NPM_LOCK);
    assertThat(npm)
        .extracting(License::name, License::license)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("left-pad", "WTFPL"),
            org.assertj.core.groups.Tuple.tuple("mongo-thing", "SSPL-1.0"),
            org.assertj.core.groups.Tuple.tuple("old", "(MIT OR Apache-2.0)"));
    String pom =
        "<project><parent><groupId>dev.shop</groupId></parent><artifactId>cart</artifactId>"
            + "<version>1.2.0</version><licenses><license><name>AGPL-3.0-only</name></license>"
            + "</licenses><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId>"
            + "<version>1</version></dependency></dependencies></project>";
    assertThat(LicenseReader.read(new Artifact("pom.xml", pom), ArtifactKind.MAVEN_POM))
        .containsExactly(
            new License("maven", "dev.shop:cart", "1.2.0", "AGPL-3.0-only", "pom.xml"));
  }

  @Test
  void aComparisonFlagsBothAndScoresThemUnderSecurityAndPolicy() {
    List<Dependency> base = List.of(npm("left-pad", "1.3.0", "sha512-AAAA"));
    List<Dependency> cand = List.of(npm("left-pad", "1.3.0", "sha512-ZZZZ"));
    JsonArray scan = new JsonArray().add(new JsonObject().put("kind", "osv_json"));
    StoredSnapshot b =
        new StoredSnapshot(
            1, "t", null, null, null, new JsonArray(), scan, base, List.of(), List.of());
    StoredSnapshot c =
        new StoredSnapshot(
            2,
            "t",
            null,
            null,
            null,
            new JsonArray(),
            scan,
            cand,
            List.of(),
            List.of(new License("npm", "mongo-thing", "2.0.0", "SSPL-1.0", "package-lock.json")));
    JsonObject out =
        Comparison.compute(
            new ComparisonInput(
                "shop",
                "v1",
                "v2",
                b,
                c,
                Map.of(),
                Map.of(),
                Map.of(),
                CriticalOperations.parse("", List.of()),
                5,
                0.05,
                List.of("SSPL-1.0")));
    assertThat(out.getJsonObject("security").getJsonArray("integrity_changes").size()).isEqualTo(1);
    assertThat(out.getJsonObject("licenses").getJsonArray("denied").size()).isEqualTo(1);
    assertThat(out.getString("risk_level")).isEqualTo("high");
    String sq = out.getJsonArray("quality_scores").getJsonObject(1).encode();
    assertThat(sq)
        .contains("left-pad 1.3.0 changed content under the same version")
        .contains("mongo-thing 2.0.0 is licensed SSPL-1.0, on the deny list");
  }
}
