package dev.tidemark.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.agent.testing.Rows;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipperTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void everySampleArrivesExactlyOnceAfterTheServerWasDown() throws Exception {
    int port = freePort();
    String db = TestDatabase.freshPostgres();
    long now = System.currentTimeMillis();
    ShipState state = ShipState.load(dir);
    try (Spool spool = Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), state.lastShipped());
        Shipper shipper =
            Shipper.start(spool, state, options(port, 100), new DeadLetters(dir, 1 << 20))) {
      for (int i = 0; i < 1500; i++) {
        spool.append(new Sample("outage_test", Labels.of("host", "h1"), now - 3000 + i, i));
      }
      Await.until("the shipper has failed a few times", WAIT, () -> shipper.stats().errors() >= 3);
      assertThat(shipper.stats().shippedBatches()).isZero();
      for (int i = 1500; i < 2000; i++) {
        spool.append(new Sample("outage_test", Labels.of("host", "h1"), now - 3000 + i, i));
      }
      try (Tidemark server = TestServer.start(db, Map.of(ConfigKey.HTTP_PORT, "" + port))) {
        assertThat(server.port()).isEqualTo(port);
        Await.until("the backlog is shipped", WAIT, () -> spool.backlogEntries() == 0);
        Rows.awaitAtLeast(db, "outage_test", 2000);
        assertThat(shipper.stats().shippedEntries()).isEqualTo(2000);
      }
    }
    assertThat(Rows.samples(db, "outage_test")).containsExactly(2000, 2000);
  }

  @Test
  void aRefusedBatchIsDeadLetteredAndLaterBatchesStillArrive() throws Exception {
    String db = TestDatabase.freshPostgres();
    long now = System.currentTimeMillis();
    long monthAgo = now - Duration.ofDays(30).toMillis();
    ShipState state = ShipState.load(dir);
    DeadLetters deadLetters = new DeadLetters(dir, 1 << 20);
    try (Tidemark server = TestServer.start(db, Map.of());
        Spool spool = Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), state.lastShipped())) {
      for (int i = 0; i < 10; i++) {
        spool.append(new Sample("refused_test", Labels.of("host", "h1"), monthAgo + i, i));
      }
      try (Shipper shipper = Shipper.start(spool, state, options(server.port(), 10), deadLetters)) {
        Await.until("the old batch is dead-lettered", WAIT, () -> deadLetters.count() == 1);
        assertThat(shipper.stats().lastError()).contains("dead-lettered: 400");
        for (int i = 0; i < 25; i++) {
          spool.append(new Sample("refused_test", Labels.of("host", "h1"), now - 100 + i, i));
        }
        Await.until("the backlog is shipped", WAIT, () -> spool.backlogEntries() == 0);
        Rows.awaitAtLeast(db, "refused_test", 25);
      }
    }
    assertThat(Rows.samples(db, "refused_test")).containsExactly(25, 25);
    String letter = Files.readString(deadLetters.file(), StandardCharsets.UTF_8);
    assertThat(letter)
        .contains("\"status\":400")
        .contains("timestamp")
        .contains("\"agent\":\"a1\"");
  }

  static ShipperOptions options(int port, int batchSize) {
    return new ShipperOptions(
        "a1",
        URI.create("http://127.0.0.1:" + port),
        "",
        Duration.ofSeconds(10),
        batchSize,
        ShipperOptions.DEFAULT_BATCH_BYTES,
        Duration.ofMillis(50),
        Duration.ofMillis(20),
        Duration.ofMillis(200));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
