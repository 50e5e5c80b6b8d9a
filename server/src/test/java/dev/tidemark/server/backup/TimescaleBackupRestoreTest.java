package dev.tidemark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.storage.backup.Manifest;
import dev.tidemark.server.storage.tier.Tier;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import dev.tidemark.server.testing.TimescaleOnly;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore on TimescaleDB: raw hypertables (compressed chunks included) and the tiers'
 * continuous aggregates. The tiers hold a day whose raw chunks were dropped before the backup, as
 * retention drops them, so only a restore that copies the aggregates' materializations (rather than
 * recomputing them from raw) answers that day's hourly question as the source does.
 */
@TimescaleOnly
class TimescaleBackupRestoreTest {
  static final long MINUTE = 60_000L;
  static final long DAY = 1_440 * MINUTE;

  @TempDir Path dir;

  @Test
  void hypertablesAndContinuousAggregatesRestoreIntoAnEmptyDatabaseWithTheSameAnswers()
      throws Exception {
    String source = TestDatabase.freshTimescale().orElseThrow();
    String target = TestDatabase.freshTimescale().orElseThrow();
    long now = System.currentTimeMillis() / MINUTE * MINUTE;
    long old = (now - 4 * DAY) / DAY * DAY; // a whole UTC day, past compress.after (2 days)
    long recent = now - 120 * MINUTE;
    List<String> questions =
        List.of(
            "/api/query|{\"query\":\"avg(ts_m) by (host) step 1h\",\"from\":"
                + old
                + ",\"to\":"
                + (old + 3 * 60 * MINUTE)
                + "}",
            "/api/query|{\"query\":\"avg(ts_m) by (host) step 5m\",\"from\":"
                + recent
                + ",\"to\":"
                + now
                + "}",
            "/api/v1/query_range?query="
                + URLEncoder.encode("sum by (host) (ts_m)", StandardCharsets.UTF_8)
                + "&start="
                + recent / 1000
                + "&end="
                + now / 1000
                + "&step=300",
            "/api/v1/series?match[]=ts_m",
            "/api/metrics");
    List<Object> answers = new ArrayList<>();
    Path backup = dir.resolve("backup");
    Manifest manifest;
    try (Tidemark server = TestServer.start(source, Map.of())) {
      Http http = new Http(server.port());
      ingest(http, 0, old, old + 3 * 60 * MINUTE);
      ingest(http, 2, recent, now);
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      try (Connection c = DriverManager.getConnection(source);
          Statement s = c.createStatement()) {
        for (Tier tier : plan().rollups()) {
          for (String table : TierPlan.RAW_TABLES) {
            refresh(s, tier.relation(table));
          }
        }
        // the recent chunks go to the columnstore: the backup reads them through the hypertable
        s.execute(
            "SELECT compress_chunk(c, if_not_compressed => true)"
                + " FROM show_chunks('samples', newer_than => now() - interval '3 days') c");
      }
      answers.add(Answers.ask(http, questions.get(0)));
    }
    // a server that takes samples of the last 3 days only may keep raw 3 days: its retention
    // policy drops the old day's raw chunks, the tiers keep the day
    Map<ConfigKey, String> config = Map.of(ConfigKey.INGEST_MAX_SAMPLE_AGE, "3d");
    try (Tidemark server = TestServer.start(source, config)) {
      Http http = new Http(server.port());
      var retention = http.put("/api/retention?confirm=true", "{\"raw\":\"3d\"}");
      assertThat(retention.statusCode()).as(retention.body()).isEqualTo(200);
      try (Connection c = DriverManager.getConnection(source);
          Statement s = c.createStatement()) {
        c.setAutoCommit(true); // run_job refuses to run inside a transaction
        var jobs =
            s.executeQuery(
                "SELECT job_id FROM timescaledb_information.jobs"
                    + " WHERE proc_name = 'policy_retention' AND hypertable_name = 'samples'");
        List<Integer> ids = new ArrayList<>();
        while (jobs.next()) {
          ids.add(jobs.getInt(1));
        }
        assertThat(ids).as("raw's retention policy").hasSize(1);
        s.execute("CALL run_job(" + ids.get(0) + ")"); // as its schedule would
      }
      assertThat(
              Sql.count(
                  source, "SELECT count(*) FROM samples WHERE ts < now() - interval '3 days'"))
          .as("the old day's raw rows are gone, as retention drops them")
          .isZero();
      // the hourly question over the old day is answered by the 1h tier
      Answers.assertSame(questions.get(0), answers.get(0), Answers.ask(http, questions.get(0)));
      for (String q : questions.subList(1, questions.size())) {
        answers.add(Answers.ask(http, q));
      }
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      manifest =
          BackupCommand.backup(
              Config.defaults().with(ConfigKey.DATABASE_URL, source),
              backup,
              new PrintStream(progress, true));
      assertThat(progress.toString()).contains("backup: samples_1h").contains("backup: done");
    }
    assertThat(manifest.rows("samples")).as("two hosts, two hours at 5 minutes").isEqualTo(2 * 24);
    ByteArrayOutputStream restoreLog = new ByteArrayOutputStream();
    BackupCommand.restore(
        Config.defaults()
            .with(ConfigKey.DATABASE_URL, target)
            .with(ConfigKey.STORAGE_TIMESCALEDB, "on"),
        backup,
        new PrintStream(restoreLog, true));
    for (Manifest.Entry e : manifest.tables()) {
      assertThat(Sql.count(target, "SELECT count(*) FROM " + e.table()))
          .as("rows of " + e.table() + " after restore")
          .isEqualTo(e.rows());
    }
    assertThat(manifest.rows("samples_1h")).as("the old day lives only in the tiers").isPositive();
    try (Tidemark server = TestServer.start(target, config)) {
      Http http = new Http(server.port());
      for (int i = 0; i < questions.size(); i++) {
        Answers.assertSame(questions.get(i), answers.get(i), Answers.ask(http, questions.get(i)));
      }
    }
  }

  /** Refreshes a whole aggregate, waiting out a refresh TimescaleDB's own policy runs. */
  private static void refresh(Statement s, String aggregate) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        s.execute("CALL refresh_continuous_aggregate('" + aggregate + "', NULL, NULL)");
        return;
      } catch (java.sql.SQLException e) {
        if (attempt == 60 || !String.valueOf(e.getMessage()).contains("concurrent refresh")) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private static TierPlan plan() {
    Config d = Config.defaults();
    return TierPlan.parse(
        d.string(ConfigKey.STORAGE_TIERS),
        d.duration(ConfigKey.STORAGE_LATE_WINDOW),
        d.duration(ConfigKey.STORAGE_COMPRESS_AFTER));
  }

  /** Two hosts per call, a sample every 5 minutes from {@code from} to {@code to}. */
  private static void ingest(Http http, int firstHost, long from, long to) {
    for (int h = firstHost; h < firstHost + 2; h++) {
      List<Sample> samples = new ArrayList<>();
      for (long t = from; t < to; t += 5 * MINUTE) {
        samples.add(new Sample("ts_m", Labels.of("host", "h" + h), t, 100 + h + (t / MINUTE) % 7));
      }
      byte[] body = BatchCodec.encode(new Batch("tsbk", h, samples, List.of()));
      assertThat(http.post("/api/v1/ingest", "application/json", body).statusCode()).isEqualTo(204);
    }
  }
}
