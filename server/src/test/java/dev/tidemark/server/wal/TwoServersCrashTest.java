package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.ChildServer;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers, each with its own data directory, write-ahead queue and identity, ingest into one
 * database; one is killed with SIGKILL mid-ingest and restarted. Every acknowledged request is
 * stored exactly once (a replay from the wrong position or a skip shows as a count other than LINES
 * per request), and an agent batch sent to both is stored once.
 */
class TwoServersCrashTest {
  static final int LINES = 20;

  /** Before every request's time: requests are one millisecond apart from it. */
  static final long BASE_MS = System.currentTimeMillis() - 600_000;

  /**
   * Request {@code id} to server {@code name}: LINES series, each valued {@code id}, at a time of
   * its own (one value per series and time is stored: two untimed requests in the same millisecond
   * would be one point, as in InfluxDB).
   */
  static byte[] lines(String name, int id) {
    StringBuilder sb = new StringBuilder();
    long ms = BASE_MS + id; // sent with precision=ms
    for (int i = 0; i < LINES; i++) {
      sb.append("two_")
          .append(name)
          .append(",i=")
          .append(i)
          .append(" v=")
          .append(id)
          .append(' ')
          .append(ms)
          .append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] agentBatch(int batch) {
    return ("{\"agent\":\"both\",\"batch\":"
            + batch
            + ",\"samples\":[{\"metric\":\"two_shared\",\"labels\":{\"b\":\""
            + batch
            + "\"},\"ts\":"
            + System.currentTimeMillis()
            + ",\"value\":1}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void twoServersOneKilledNothingAcknowledgedLostOrDoubled(@TempDir Path dir) throws Exception {
    String url = TestDatabase.freshPostgres();
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    Path log = dir.resolve("servers.log");
    Set<Integer> ackedA = ConcurrentHashMap.newKeySet();
    Set<Integer> ackedB = ConcurrentHashMap.newKeySet();
    AtomicInteger nextA = new AtomicInteger();
    AtomicInteger nextB = new AtomicInteger();
    try (ChildServer b = ChildServer.start(url, dataB, log)) {
      AtomicBoolean stopB = new AtomicBoolean();
      Thread senderB = sender(b.port(), "b", nextB, ackedB, stopB);
      for (int round = 0; round < 2; round++) {
        ChildServer a = ChildServer.start(url, dataA, log);
        AtomicBoolean stopA = new AtomicBoolean();
        Thread senderA = sender(a.port(), "a", nextA, ackedA, stopA);
        Thread.sleep(1500);
        a.kill(); // SIGKILL while both ingest
        stopA.set(true);
        senderA.join();
      }
      try (ChildServer a = ChildServer.start(url, dataA, log)) {
        Http httpA = new Http(a.port());
        Http httpB = new Http(b.port());
        for (int batch = 0; batch < 20; batch++) { // an agent batch reaching both servers
          assertThat(
                  httpA.post("/api/v1/ingest", "application/json", agentBatch(batch)).statusCode())
              .isEqualTo(204);
          assertThat(
                  httpB.post("/api/v1/ingest", "application/json", agentBatch(batch)).statusCode())
              .isEqualTo(204);
        }
        stopB.set(true);
        senderB.join();
        WalCrashTest.awaitLag(httpA);
        WalCrashTest.awaitLag(httpB);
      }
    }
    assertThat(ackedA).isNotEmpty();
    assertThat(ackedB).isNotEmpty();
    assertExactlyOnce(url, "a", ackedA, nextA.get());
    assertExactlyOnce(url, "b", ackedB, nextB.get());
    assertThat(Sql.count(url, "SELECT count(*) FROM ingest_batches WHERE agent = 'both'"))
        .isEqualTo(20);
    assertThat(
            Sql.count(
                url,
                "SELECT count(*) FROM samples JOIN series ON series.id = samples.series_id"
                    + " WHERE series.metric LIKE 'two_shared%'"))
        .isEqualTo(20);

    String idA = Files.readString(dataA.resolve(ServerIdentity.FILE)).trim();
    String idB = Files.readString(dataB.resolve(ServerIdentity.FILE)).trim();
    assertThat(idA).isNotEqualTo(idB).startsWith("srv-");
    assertThat(
            Sql.count(
                url,
                "SELECT count(*) FROM wal_positions WHERE server_id IN ('"
                    + idA
                    + "', '"
                    + idB
                    + "')"))
        .isEqualTo(2);
  }

  /** Acknowledged requests: LINES rows each; the rest: none or LINES (stored, answer lost). */
  static void assertExactlyOnce(String url, String name, Set<Integer> acked, int sent)
      throws Exception {
    Map<Integer, Long> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT samples.value, count(*) FROM samples"
                    + " JOIN series ON series.id = samples.series_id"
                    + " WHERE series.metric LIKE ? GROUP BY samples.value")) {
      ps.setString(1, "two_" + name + "%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.put((int) rs.getDouble(1), rs.getLong(2));
        }
      }
    }
    for (int id = 0; id < sent; id++) {
      long n = rows.getOrDefault(id, 0L);
      if (acked.contains(id)) {
        assertThat(n).as("server %s, acknowledged request %d", name, id).isEqualTo(LINES);
      } else {
        assertThat(n).as("server %s, unacknowledged request %d", name, id).isIn(0L, (long) LINES);
      }
    }
    assertThat(rows.keySet()).allMatch(id -> id < sent);
  }

  static Thread sender(
      int port, String name, AtomicInteger next, Set<Integer> acked, AtomicBoolean stop) {
    Thread t =
        new Thread(
            () -> {
              Http http = new Http(port);
              while (!stop.get()) {
                int id = next.getAndIncrement();
                try {
                  if (http.post("/api/v2/write?precision=ms", "text/plain", lines(name, id))
                          .statusCode()
                      == 204) {
                    acked.add(id);
                  }
                } catch (RuntimeException connectionLost) {
                  return;
                }
              }
            },
            "two-servers-sender-" + name);
    t.start();
    return t;
  }
}
