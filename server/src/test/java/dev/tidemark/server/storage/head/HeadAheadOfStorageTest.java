package dev.tidemark.server.storage.head;

import static dev.tidemark.server.storage.head.HeadAnswers.caughtUp;
import static dev.tidemark.server.storage.head.HeadAnswers.ingest;
import static dev.tidemark.server.storage.head.HeadAnswers.remoteWrite;
import static dev.tidemark.server.storage.head.HeadAnswers.rounds;
import static dev.tidemark.server.storage.head.HeadAnswers.same;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The head is fed from the write-ahead queue, ahead of the storage writer: an acknowledged sample
 * answers queries while its database transaction cannot run (here another session holds {@code
 * samples} locked against writes), and once the writer has stored it the answers are the ones a
 * server reading SQL alone gives.
 */
class HeadAheadOfStorageTest {
  private static final int SERIES = 6;

  @Test
  void acknowledgedSamplesAnswerBeforeTheyAreStored() throws Exception {
    String url = TestDatabase.freshPostgres();
    long now = System.currentTimeMillis() / 1000 * 1000;
    long t0 = now - 30 * 60_000;
    try (Tidemark sqlOnly = TestServer.start(url, Map.of(ConfigKey.STORAGE_HEAD_ENABLED, "false"));
        Tidemark server = TestServer.start(url, Map.of());
        Connection locker = DriverManager.getConnection(url)) {
      // the day partitions exist before the lock (creating one would wait for it too)
      ingest(server, "warm", 1, List.of(new Sample("hq_warm", Labels.of("s", "w"), t0, 1)));
      caughtUp(server);
      long stored = Sql.count(url, "SELECT count(*) FROM samples");

      locker.setAutoCommit(false);
      try (Statement s = locker.createStatement()) {
        s.execute("LOCK TABLE samples IN EXCLUSIVE MODE"); // reads pass, writes wait
      }
      ingest(server, "ahead", 1, rounds(t0, SERIES, 0, 39, 0));
      long expected = SERIES * 40L;
      assertThat(countOnceFed(server, now, expected)).isEqualTo(expected);
      long handed = server.writer().headHandedEntries();
      remoteWrite(server, rounds(t0, SERIES, 40, 59, 0)); // columns: handed over, not decoded
      expected = SERIES * 60L;
      assertThat(countOnceFed(server, now, expected)).isEqualTo(expected);
      assertThat(server.writer().headHandedEntries()).isEqualTo(handed + 1);
      assertThat(Sql.count(url, "SELECT count(*) FROM samples")).isEqualTo(stored);
      assertThat(server.writer().lagEntries()).isPositive();

      locker.commit();
      caughtUp(server);
      assertThat(Sql.count(url, "SELECT count(*) FROM samples")).isEqualTo(stored + 2 * expected);
      same(server, sqlOnly, t0 - 300_000, now);
    }
  }

  /**
   * The count at {@code at} once it reaches {@code expected} (the feed runs beside the request that
   * appended), or the last one seen after 30 s.
   */
  private static long countOnceFed(Tidemark server, long at, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long seen = countOverTime(server, at);
    while (seen < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      seen = countOverTime(server, at);
    }
    return seen;
  }

  /** {@code sum(count_over_time(hq_temp[1h]))} at {@code at}, as the server answers it. */
  private static long countOverTime(Tidemark server, long at) {
    String path =
        "/api/v1/query?query="
            + URLEncoder.encode("sum(count_over_time(hq_temp[1h]))", StandardCharsets.UTF_8)
            + "&time="
            + at / 1000.0;
    HttpResponse<String> r = new Http(server.port()).get(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray result = new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
    return result.isEmpty()
        ? 0
        : Long.parseLong(result.getJsonObject(0).getJsonArray("value").getString(1));
  }
}
