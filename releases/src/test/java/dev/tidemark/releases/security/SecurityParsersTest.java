package dev.tidemark.releases.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.releases.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** osv-scanner, pip-audit and npm audit (7+ and 6) output. */
class SecurityParsersTest {
  @Test
  void osvScannerAndPipAudit() {
    assertThat(lines(OsvParser.parse(Fixture.of("shop/v2/osv-scanner.json"))))
        .containsExactly("GHSA-35jh-r3h4-6jhm lodash high");
    assertThat(lines(OsvParser.parse(Fixture.of("parsers/pip-audit.json"))))
        .containsExactly("PYSEC-2023-225 django unknown");
  }

  @Test
  void npmAuditCountsAdvisoriesNotPathsThroughThem() {
    assertThat(lines(NpmAuditParser.parse(Fixture.of("parsers/npm-audit-v7.json"))))
        .containsExactly(
            "https://github.com/advisories/GHSA-35jh-r3h4-6jhm lodash high",
            "https://github.com/advisories/GHSA-29mw-wpgm-hmr9 lodash medium");
    assertThat(lines(NpmAuditParser.parse(Fixture.of("parsers/npm-audit-v6.json"))))
        .containsExactly("https://npmjs.com/advisories/1523 minimist critical");
  }

  private static List<String> lines(List<Vulnerability> vulns) {
    return vulns.stream().map(v -> v.id() + " " + v.pkg() + " " + v.severity()).toList();
  }
}
