package dev.tidemark.releases.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.releases.Fixture;
import dev.tidemark.releases.artifact.Artifact;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JUnit XML outcomes across reruns, and JaCoCo's report-level counters. */
class TestReportParsersTest {
  @Test
  void aCaseThatFailsThenPassesInAnotherReportIsFlaky() {
    List<TestOutcome> all = new ArrayList<>();
    all.addAll(JUnitXmlParser.parse(Fixture.of("parsers/TEST-rerun-1.xml")));
    all.addAll(JUnitXmlParser.parse(Fixture.of("parsers/TEST-rerun-2.xml")));
    TestSummary s = TestSummary.of(all);
    assertThat(s.flakyTests()).containsExactly("api.PayTest#pays");
    assertThat(s.failedTests()).containsExactly("api.PayTest#refunds");
    assertThat(s.passed()).isZero();
  }

  @Test
  void surefireFlakyFailureAndSkipped() {
    TestSummary s =
        TestSummary.of(JUnitXmlParser.parse(Fixture.of("shop/v2/TEST-shop.CartTest.xml")));
    assertThat(List.of(s.passed(), s.failed(), s.skipped(), s.flaky())).containsExactly(2, 1, 1, 1);
  }

  @Test
  void jacocoReadsOnlyTheReportLevelCountersAndNeverFetchesTheDtd() {
    Coverage c = JacocoXmlParser.parse(Fixture.of("shop/v1/jacoco.xml"));
    assertThat(c.linePct()).isEqualTo(90.0);
    assertThat(c.branchPct()).isEqualTo(80.0);
  }

  @Test
  void truncatedXmlNamesTheLine() {
    assertThatThrownBy(
            () ->
                JUnitXmlParser.parse(
                    new Artifact("TEST-x.xml", "<testsuite>\n<testcase name=\"a\">\n<failure>")))
        .hasMessageStartingWith("cannot parse TEST-x.xml: malformed XML")
        .hasMessageContaining("line=3");
    assertThatThrownBy(
            () ->
                JacocoXmlParser.parse(
                    new Artifact(
                        "jacoco.xml",
                        "<report name=\"x\">\n<counter type=\"LINE\" missed=\"-1\" covered=\"2\"/></report>")))
        .hasMessage(
            "cannot parse jacoco.xml: counter with a bad number \"-1\""
                + " [file=jacoco.xml, line=2]");
  }
}
