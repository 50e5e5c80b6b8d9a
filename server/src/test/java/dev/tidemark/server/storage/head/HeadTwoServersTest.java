package dev.tidemark.server.storage.head;

import static dev.tidemark.server.storage.head.HeadAnswers.caughtUp;
import static dev.tidemark.server.storage.head.HeadAnswers.ingest;
import static dev.tidemark.server.storage.head.HeadAnswers.point;
import static dev.tidemark.server.storage.head.HeadAnswers.same;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two servers with heads write to one database, each its own series: a head holds only its own
 * server's writes, so while another server writes each must answer from SQL and see both. The
 * answers become those of a SQL-only server on the same database within the few seconds a look at
 * the other servers' positions is reused ({@link Head#OTHERS_TTL_NANOS}), and stay so.
 */
class HeadTwoServersTest {
  @Test
  void eachServerSeesTheOthersWrites() throws Exception {
    String url = TestDatabase.freshPostgres();
    long now = System.currentTimeMillis() / 1000 * 1000;
    long t0 = now - 20 * 60_000;
    try (Tidemark sqlOnly = TestServer.start(url, Map.of(ConfigKey.STORAGE_HEAD_ENABLED, "false"));
        Tidemark a = TestServer.start(url, Map.of());
        Tidemark b = TestServer.start(url, Map.of())) {
      for (int round = 0; round < 60; round += 10) {
        ingest(a, "a", round, samples(t0, 0, 3, round));
        ingest(b, "b", round, samples(t0, 3, 6, round));
      }
      caughtUp(a);
      caughtUp(b);
      assertThat(a.storage().head().sampleCount()).isEqualTo(2L * 3 * 60);
      assertThat(b.storage().head().sampleCount()).isEqualTo(2L * 3 * 60);
      long sqlReads = a.storage().head().sqlReads();
      for (Tidemark server : List.of(a, b)) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
          try {
            same(server, sqlOnly, t0 - 60_000, now);
            break;
          } catch (AssertionError e) {
            if (System.nanoTime() > deadline) {
              throw e;
            }
            Thread.sleep(500);
          }
        }
        same(server, sqlOnly, t0 - 60_000, now);
      }
      assertThat(a.storage().head().sqlReads()).isGreaterThan(sqlReads);
    }
  }

  private static List<Sample> samples(long t0, int fromSeries, int toSeries, int firstRound) {
    List<Sample> out = new ArrayList<>();
    for (int r = firstRound; r < firstRound + 10; r++) {
      for (int s = fromSeries; s < toSeries; s++) {
        out.addAll(point(t0, s, r, 0));
      }
    }
    return out;
  }
}
