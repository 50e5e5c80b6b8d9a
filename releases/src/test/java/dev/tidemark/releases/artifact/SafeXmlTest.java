package dev.tidemark.releases.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.releases.tests.JUnitXmlParser;
import dev.tidemark.releases.tests.TestOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External entities are never resolved; entity bombs are refused as bad input. */
class SafeXmlTest {
  @Test
  void externalEntitiesAreNotRead(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]><testsuite><testcase classname=\"c\" name=\"n\">&xxe;</testcase>"
            + "<testcase classname=\"&xxe;\" name=\"m\"/></testsuite>";
    try {
      List<TestOutcome> outcomes = JUnitXmlParser.parse(new Artifact("TEST-xxe.xml", xml));
      assertThat(outcomes.toString()).doesNotContain("TOP-SECRET");
    } catch (ArtifactException e) {
      assertThat(e.getMessage())
          .doesNotContain("TOP-SECRET")
          .startsWith("cannot parse TEST-xxe.xml");
    }
  }

  @Test
  void billionLaughsIsBadInput() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE t [<!ENTITY l0 \"lol\">");
    for (int i = 1; i <= 12; i++) {
      dtd.append("<!ENTITY l").append(i).append(" \"");
      dtd.append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
    }
    dtd.append("]>");
    String xml = dtd + "<testsuite><testcase name=\"&l12;\"/></testsuite>";
    assertThatThrownBy(() -> JUnitXmlParser.parse(new Artifact("TEST-bomb.xml", xml)))
        .isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith("cannot parse TEST-bomb.xml: malformed XML");
  }
}
