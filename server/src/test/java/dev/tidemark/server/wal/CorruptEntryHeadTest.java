package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;

/**
 * A write-ahead entry the storage writer cannot read is skipped, so the database never holds its
 * samples; the head, which may have taken them from ingest's hand-over, starts over past it.
 */
class CorruptEntryHeadTest {
  @Test
  void theHeadStartsOverPastAnEntryTheWriterSkips() throws Exception {
    Path data = Files.createTempDirectory("tidemark-corrupt");
    try (Tidemark server = TestServer.start(TestDatabase.freshPostgres(), data, Map.of())) {
      long before = server.storage().head().start();
      try (SingleChronicleQueue queue =
              SingleChronicleQueueBuilder.binary(data.resolve("wal"))
                  .rollCycle(WriteAheadLog.ROLL_CYCLE)
                  .build();
          ExcerptAppender appender = queue.createAppender();
          DocumentContext dc = appender.writingDocument()) {
        dc.wire().bytes().writeStopBit(99).writeLong(42L); // no version the codec knows
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.storage().head().start() == before && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(server.metrics().render()).contains("tidemark_wal_corrupt_entries_total 1");
      assertThat(server.storage().head().start())
          .isGreaterThan(Math.max(before, System.currentTimeMillis()));
    }
  }
}
