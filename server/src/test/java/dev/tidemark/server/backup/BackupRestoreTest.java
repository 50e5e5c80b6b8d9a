package dev.tidemark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.storage.backup.Manifest;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark-server backup} while the server ingests, {@code restore} into a fresh data
 * directory (its embedded PostgreSQL), then a server on the restored data answers the DSL, PromQL
 * and series queries exactly as the original does; what was ingesting during the backup is there
 * whole batches at a time (one snapshot).
 */
class BackupRestoreTest {
  static final long MINUTE = 60_000L;

  @TempDir Path dir;

  @Test
  void aBackupUnderIngestRestoresIntoAFreshDataDirectoryWithTheSameAnswers() throws Exception {
    String url = TestDatabase.freshPostgres();
    long now = System.currentTimeMillis() / MINUTE * MINUTE;
    long from = now - 120 * MINUTE;
    List<String> questions = new ArrayList<>();
    List<Object> answers = new ArrayList<>();
    Path backup = dir.resolve("backup");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    AtomicInteger liveAcked = new AtomicInteger();
    try (Tidemark server = TestServer.start(url, Map.of())) {
      Http http = new Http(server.port());
      Random random = new Random(11);
      for (int b = 0; b < 4; b++) {
        List<Sample> samples = new ArrayList<>();
        for (long t = from; t < now; t += 30_000) {
          samples.add(
              new Sample(
                  "bk_m",
                  Labels.of("host", "h" + b, "release", "v1"),
                  t,
                  100 + b + random.nextGaussian()));
        }
        byte[] body = BatchCodec.encode(new Batch("bk", b, samples, List.of()));
        assertThat(http.post("/api/v1/ingest", "application/json", body).statusCode())
            .isEqualTo(204);
      }
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      server.storage().maintain();

      AtomicBoolean stop = new AtomicBoolean();
      Thread live = live(http, now, liveAcked, stop);
      String liveStored = "SELECT count(*) FROM ingest_batches WHERE agent = 'live'";
      while (liveAcked.get() < 5 || Sql.count(url, liveStored) < 3) {
        Thread.sleep(20); // the backup starts while live batches are arriving and being stored
      }
      Config source = Config.defaults().with(ConfigKey.DATABASE_URL, url);
      Manifest manifest = BackupCommand.backup(source, backup, new PrintStream(progress, true));
      stop.set(true);
      live.join();
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(manifest.rows("samples")).isGreaterThanOrEqualTo(4 * 240 + 3 * 10);
      assertThat(progress.toString()).contains("backup: samples").contains("backup: done");

      questions.add(
          "/api/query|{\"query\":\"avg(bk_m) by (host) step 5m\",\"from\":"
              + from
              + ",\"to\":"
              + now
              + "}");
      questions.add(
          "/api/v1/query_range?query="
              + URLEncoder.encode("sum by (host) (bk_m)", StandardCharsets.UTF_8)
              + "&start="
              + from / 1000
              + "&end="
              + now / 1000
              + "&step=300");
      questions.add("/api/v1/series?match[]=bk_m");
      questions.add("/api/metrics");
      for (String q : questions) {
        answers.add(Answers.ask(http, q));
      }
      JsonObject dsl = (JsonObject) answers.get(0);
      assertThat(dsl.getJsonArray("frames")).hasSize(4);
      assertThat(dsl.getJsonArray("frames").getJsonObject(0).getJsonArray("values").size())
          .isGreaterThan(20);
      JsonObject promql = (JsonObject) answers.get(1);
      assertThat(promql.getJsonObject("data").getJsonArray("result")).hasSize(4);
    }

    Path restored = dir.resolve("restored");
    Config target =
        Config.defaults()
            .with(ConfigKey.DATA_DIR, restored.toString())
            .with(ConfigKey.HTTP_PORT, "0")
            .with(ConfigKey.DATABASE_EMBEDDED_DURABILITY, "fast")
            .with(ConfigKey.SHUTDOWN_TIMEOUT, "5s");
    ByteArrayOutputStream restoreLog = new ByteArrayOutputStream();
    BackupCommand.restore(target, backup, new PrintStream(restoreLog, true));
    assertThat(restoreLog.toString()).contains("restore: series").contains("restore: done");
    System.out.print(progress + restoreLog.toString()); // the drill's timings, for the README
    try (Tidemark server = Tidemark.start(target)) {
      Http http = new Http(server.port());
      for (int i = 0; i < questions.size(); i++) {
        Answers.assertSame(questions.get(i), answers.get(i), Answers.ask(http, questions.get(i)));
      }
      String pg = restoredUrl(server);
      long batches = Sql.count(pg, "SELECT count(*) FROM ingest_batches WHERE agent = 'live'");
      assertThat(batches).isGreaterThanOrEqualTo(3);
      assertThat(
              Sql.count(
                  pg,
                  "SELECT count(*) FROM samples JOIN series ON series.id = samples.series_id"
                      + " WHERE series.metric = 'live_m'"))
          .as("whole batches only: one snapshot")
          .isEqualTo(batches * 10);
    }
    assertThatThrownBy(() -> BackupCommand.restore(target, backup, new PrintStream(restoreLog)))
        .hasMessageContaining("is not a fresh data directory");
    assertThatThrownBy(() -> BackupCommand.backup(Config.defaults(), backup, System.out))
        .hasMessageContaining("cannot back up database");
  }

  private static String restoredUrl(Tidemark server) throws Exception {
    int port =
        Integer.parseInt(
            java.nio.file.Files.readAllLines(
                    server.config().path(ConfigKey.DATA_DIR).resolve("postgres/postmaster.pid"))
                .get(3)
                .trim());
    return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
  }

  private static Thread live(Http http, long now, AtomicInteger acked, AtomicBoolean stop) {
    Thread t =
        new Thread(
            () -> {
              for (int b = 0; !stop.get(); b++) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                  samples.add(new Sample("live_m", Labels.of("i", "" + i), now - b, b));
                }
                byte[] body = BatchCodec.encode(new Batch("live", b, samples, List.of()));
                if (http.post("/api/v1/ingest", "application/json", body).statusCode() == 204) {
                  acked.incrementAndGet();
                }
              }
            },
            "backup-live-ingest");
    t.start();
    return t;
  }
}
