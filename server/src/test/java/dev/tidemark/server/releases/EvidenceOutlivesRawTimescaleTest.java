package dev.tidemark.server.releases;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link EvidenceOutlivesRawHttpTest} on TimescaleDB, where the raw tier expires by {@code
 * drop_chunks}: runs where {@code TIDEMARK_TEST_TIMESCALEDB_URL} names a server.
 */
class EvidenceOutlivesRawTimescaleTest {
  @Test
  void aComparisonAfterDropChunksGivesTheSameAnswer() throws Exception {
    Optional<String> url = TestDatabase.freshTimescale();
    if (url.isEmpty()) {
      System.err.println(
          "SKIPPED TimescaleDB evidence test: " + TestDatabase.TIMESCALEDB_ENV + " is not set");
      Assumptions.abort(TestDatabase.TIMESCALEDB_ENV + " is not set");
    }
    try (Tidemark server =
        TestServer.start(url.get(), Map.of(ConfigKey.RELEASES_CRITICAL_OPERATIONS, "checkout"))) {
      Http http = new Http(server.port());
      EvidenceOutlivesRawHttpTest.assertSameAnswerAfterRawRetention(
          server, http, TwoReleasesHttpTest.twoReleases(server, http));
    }
  }
}
