package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageWriterTest {
  static Batch batch(String agent, long id, long ts) {
    return new Batch(
        agent, id, List.of(new Sample("sw_m", Labels.of("a", agent), ts, id)), List.of());
  }

  /** A writer of chunks up to 1,000 rows that keeps written queue files 10 minutes. */
  static StorageWriter writer(
      WriteAheadLog wal, Storage storage, ServerMetrics metrics, Path deadLetters) {
    return new StorageWriter(
        wal,
        storage.writer(),
        metrics,
        1000,
        Duration.ofMinutes(10),
        deadLetters,
        Clock.systemUTC());
  }

  @Test
  void anEntryTheDatabaseRefusesIsSetAsideAndTheRestIsWritten(@TempDir Path dir) throws Exception {
    String url = TestDatabase.freshPostgres();
    TierPlan plan = TierPlan.parse("raw:14d,1m:30d", Duration.ofHours(1), Duration.ofDays(2));
    ServerMetrics metrics = new ServerMetrics();
    long now = System.currentTimeMillis();
    long year300000 = 9_400_000_000_000_000L; // a time Java holds and PostgreSQL refuses
    try (Database db = Database.connect(url, null, null, 2, 8, "off");
        Storage storage = Storage.open(db, plan, 100, Clock.systemUTC());
        WriteAheadLog wal = WriteAheadLog.open(dir.resolve("wal"), Clock.systemUTC())) {
      wal.append(batch("a", 1, now));
      wal.append(batch("a", 1, now)); // the same batch again: stored once
      wal.append(batch("b", 2, year300000));
      long last = wal.append(batch("c", 3, now));
      Path deadLetters = dir.resolve("dead.jsonl");
      try (StorageWriter writer = writer(wal, storage, metrics, deadLetters)) {
        writer.start();
        assertThat(writer.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
        assertThat(writer.healthy()).isTrue();
        assertThat(writer.lagBytes()).isZero();
      }
      assertThat(Sql.count(url, "SELECT count(*) FROM samples")).isEqualTo(2);
      assertThat(storage.writer().storedPosition()).isEqualTo(last);
      assertThat(Files.readString(deadLetters)).contains("\"agent\":\"b\"").contains("\"index\":");
      assertThat(metrics.count("tidemark_wal_dead_letters_total", "")).isEqualTo(1);
      assertThat(metrics.count("tidemark_ingest_batches_total", "outcome=\"duplicate\""))
          .isEqualTo(1);

      // a writer started again resumes after the stored position: nothing is written twice
      try (StorageWriter again = writer(wal, storage, metrics, deadLetters)) {
        again.start();
        assertThat(again.lagEntries()).isZero();
        wal.append(batch("d", 4, now));
        assertThat(again.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(Sql.count(url, "SELECT count(*) FROM samples")).isEqualTo(3);
    }
  }

  @Test
  void aFullChunkIsWrittenWithoutWaitingForTheLinger(@TempDir Path dir) throws Exception {
    String url = TestDatabase.freshPostgres();
    TierPlan plan = TierPlan.parse("raw:14d,1m:30d", Duration.ofHours(1), Duration.ofDays(2));
    long now = System.currentTimeMillis();
    try (Database db = Database.connect(url, null, null, 2, 8, "off");
        Storage storage = Storage.open(db, plan, 100, Clock.systemUTC());
        WriteAheadLog wal = WriteAheadLog.open(dir.resolve("wal"), Clock.systemUTC());
        StorageWriter writer =
            new StorageWriter(
                wal,
                storage.writer(),
                new ServerMetrics(),
                2, // rows: two one-sample batches fill a chunk
                Duration.ofHours(1), // linger: far longer than the test may take
                Duration.ofMinutes(10),
                dir.resolve("dead.jsonl"),
                Clock.systemUTC())) {
      writer.start();
      for (int i = 0; i < 4; i++) {
        wal.append(batch("a", i, now + i));
      }
      assertThat(writer.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(Sql.count(url, "SELECT count(*) FROM samples")).isEqualTo(4);
    }
  }

  /**
   * The poison reproducer: one sample the database refuses (a NUL in a label value, which ingest
   * now refuses too, appended here straight to the queue as an older server may have left it, and a
   * year PostgreSQL cannot hold) among valid ones. Only the refused samples go to the dead-letter
   * file; their neighbours, the batch id and the position are stored.
   */
  @Test
  void onlyTheRefusedSamplesOfAnEntryAreSetAside(@TempDir Path dir) throws Exception {
    String url = TestDatabase.freshPostgres();
    TierPlan plan = TierPlan.parse("raw:14d,1m:30d", Duration.ofHours(1), Duration.ofDays(2));
    ServerMetrics metrics = new ServerMetrics();
    long now = System.currentTimeMillis();
    List<Sample> samples = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      samples.add(new Sample("poison_m", Labels.of("i", "v" + i), now, i));
    }
    samples.set(7, new Sample("poison_m", Labels.of("i", "x\u0000y"), now, 7));
    samples.set(13, new Sample("poison_m", Labels.of("i", "v13"), 9_400_000_000_000_000L, 13));
    try (Database db = Database.connect(url, null, null, 2, 8, "off");
        Storage storage = Storage.open(db, plan, 100, Clock.systemUTC());
        WriteAheadLog wal = WriteAheadLog.open(dir.resolve("wal"), Clock.systemUTC())) {
      long last = wal.append(new Batch("poisoned", 1, samples, List.of()));
      Path deadLetters = dir.resolve("dead.jsonl");
      try (StorageWriter writer = writer(wal, storage, metrics, deadLetters)) {
        writer.start();
        assertThat(writer.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(Sql.count(url, "SELECT count(*) FROM samples")).isEqualTo(18);
      assertThat(Sql.count(url, "SELECT count(*) FROM ingest_batches WHERE agent = 'poisoned'"))
          .isEqualTo(1);
      assertThat(storage.writer().storedPosition()).isEqualTo(last);
      String letters = Files.readString(deadLetters);
      assertThat(letters.lines()).hasSize(1);
      assertThat(letters).contains("x\\u0000y", "\"value\":13.0").doesNotContain("\"v12\"");
      assertThat(metrics.count("tidemark_wal_dead_letter_items_total", "")).isEqualTo(2);
    }
  }
}
