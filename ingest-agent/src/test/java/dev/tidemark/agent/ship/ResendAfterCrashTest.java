package dev.tidemark.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.agent.testing.Rows;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash the SIGKILL test can only hit by chance, made deterministic: the agent recorded a batch
 * as in flight, the server stored it, and the agent died before it could commit.
 */
class ResendAfterCrashTest {
  @TempDir Path dir;

  @Test
  void aBatchInFlightAtACrashIsResentUnderItsIdAndStoredOnce() throws Exception {
    String db = TestDatabase.freshPostgres();
    long now = System.currentTimeMillis();
    try (Tidemark server = TestServer.start(db, Map.of())) {
      ShipperOptions options = ShipperTest.options(server.port(), 10);
      try (Spool spool = Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), -1)) {
        for (int i = 0; i < 30; i++) {
          spool.append(new Sample("resend_test", Labels.of("host", "h1"), now - 100 + i, i));
        }
        ShipState before = ShipState.load(dir);
        List<Sample> first = new ArrayList<>();
        long start = -1;
        long end = -1;
        long bytes = 0;
        try (SpoolCursor c = spool.cursor()) {
          c.seekAfter(-1);
          for (int i = 0; i < 10; i++) {
            SpoolEntry e = c.next();
            start = start < 0 ? e.index() : start;
            end = e.index();
            bytes += e.bytes();
            first.addAll(e.samples());
          }
        }
        long id = before.nextBatch();
        before.begin(new ShipState.Pending(id, start, end, 10, bytes));
        IngestClient client = new IngestClient(options.server(), "", Duration.ofSeconds(10));
        byte[] body =
            dev.tidemark.protocol.BatchCodec.encode(
                new Batch(options.agentId(), id, first, List.of()));
        assertThat(client.send(body).status()).isEqualTo(204);
      }

      ShipState after = ShipState.load(dir);
      assertThat(after.pending()).isNotNull();
      long resent = after.pending().batch();
      try (Spool spool =
              Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), after.lastShipped());
          Shipper shipper = Shipper.start(spool, after, options, new DeadLetters(dir, 1 << 20))) {
        assertThat(spool.backlogEntries()).isEqualTo(30);
        Await.until(
            "the backlog is shipped", Duration.ofSeconds(60), () -> spool.backlogEntries() == 0);
        // a server that acknowledges after its write-ahead append cannot say "duplicate" yet
        assertThat(shipper.stats().duplicates()).isLessThanOrEqualTo(1);
        Rows.awaitAtLeast(db, "resend_test", 30);
      }
      ShipState done = ShipState.load(dir);
      assertThat(done.pending()).isNull();
      assertThat(done.nextBatch()).isEqualTo(resent + 3);
    }
    assertThat(Rows.samples(db, "resend_test")).containsExactly(30, 30);
  }
}
