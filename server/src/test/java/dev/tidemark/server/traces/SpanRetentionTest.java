package dev.tidemark.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Spans older than {@code traces.retention} are gone after maintenance and newer ones are not, on
 * plain PostgreSQL and, where the environment names one, on TimescaleDB (chunks dropped).
 */
class SpanRetentionTest {
  @Test
  void olderSpansGoNewerStayOnPostgres() throws Exception {
    check(TestDatabase.freshPostgres());
  }

  @Test
  void olderSpansGoNewerStayOnTimescale() throws Exception {
    Optional<String> url = TestDatabase.freshTimescale();
    Assumptions.assumeTrue(url.isPresent(), TestDatabase.TIMESCALEDB_ENV + " is not set");
    check(url.get());
  }

  private static String traceId(int i) {
    return String.format("%032x", i);
  }

  private void check(String url) throws Exception {
    try (Tidemark server = TestServer.start(url, Map.of(ConfigKey.TRACES_RETENTION, "2d"))) {
      // the pass the server runs at start must not remove the old spans before they are seen
      assertThat(server.storage().awaitFirstMaintenance(Duration.ofSeconds(60))).isTrue();
      long now = System.currentTimeMillis() * 1_000_000L;
      List<Span> spans = new ArrayList<>();
      long[] ageDays = {3, 5, 0, 1};
      for (int i = 0; i < ageDays.length; i++) {
        long start = now - Duration.ofDays(ageDays[i]).toNanos();
        spans.add(
            new Span(
                traceId(i + 1),
                String.format("%016x", i + 1),
                null,
                "shop",
                "checkout",
                2,
                start,
                1_000_000,
                0,
                "",
                "v1",
                Map.of(),
                Map.of(),
                List.of()));
      }
      server.storage().writer().write(new Batch(null, 0, List.of(), List.of(), spans));
      Http http = new Http(server.port());
      for (int i = 1; i <= 4; i++) {
        assertThat(http.get("/api/traces/" + traceId(i)).statusCode()).isEqualTo(200);
      }
      server.storage().maintain();
      assertThat(http.get("/api/traces/" + traceId(1)).statusCode()).isEqualTo(404);
      assertThat(http.get("/api/traces/" + traceId(2)).statusCode()).isEqualTo(404);
      assertThat(http.get("/api/traces/" + traceId(3)).statusCode()).isEqualTo(200);
      assertThat(http.get("/api/traces/" + traceId(4)).statusCode()).isEqualTo(200);
      assertThat(
              new io.vertx.core.json.JsonObject(
                      http.get("/api/traces?service=shop&operation=checkout").body())
                  .getJsonArray("traces"))
          .hasSize(2);
    }
  }
}
