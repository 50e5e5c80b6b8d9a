package dev.tidemark.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.alerting.eval.Alert;
import dev.tidemark.alerting.eval.AlertState;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restart while an alert fires: the alert resumes as it was and nobody is told twice. */
class AlertingRestartTest {
  static final String RULES =
      """
      groups:
        - name: disk
          interval: 1d
          rules:
            - alert: DiskFull
              expr: disk_used_ratio > 0.9
              for: 1m
      """;

  @Test
  void onPostgres() throws Exception {
    aFiringAlertSurvivesARestartWithoutADuplicateNotification(TestDatabase.freshPostgres());
  }

  @Test
  void onTimescaleDb() throws Exception {
    var db = TestDatabase.freshTimescale();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        db.isPresent(), TestDatabase.TIMESCALEDB_ENV + " names no TimescaleDB");
    aFiringAlertSurvivesARestartWithoutADuplicateNotification(db.get());
    // the operational pack's view of TimescaleDB's background jobs
    try (Tidemark server = TestServer.start(db.get(), Map.of())) {
      assertThat(new dev.tidemark.server.testing.Http(server.port()).get("/metrics").body())
          .containsPattern("tidemark_timescaledb_job_failures [0-9]+\\.0");
    }
  }

  private void aFiringAlertSurvivesARestartWithoutADuplicateNotification(String db)
      throws Exception {
    Path file = Files.createTempFile("rules", ".yml");
    Files.writeString(file, RULES);
    String key = file + ";disk";
    long t0 = System.currentTimeMillis() - 120_000;
    try (WebhookReceiver hook = new WebhookReceiver()) {
      Map<ConfigKey, String> config =
          Map.of(
              ConfigKey.ALERTING_RULE_FILES, file.toString(),
              ConfigKey.ALERTING_BUILTIN_RULES, "none",
              ConfigKey.ALERTING_WEBHOOK_URLS, hook.url());
      long activeAt;
      try (Tidemark first = TestServer.start(db, config)) {
        write(first, t0 - 5_000, t0 + 55_000, t0 + 115_000);
        first.alerting().engine().evaluate(key, t0);
        first.alerting().engine().evaluate(key, t0 + 60_000);
        hook.await(WebhookReceiver.status("firing", "DiskFull"), Duration.ofSeconds(20));
        activeAt = only(first).activeAt();
        assertThat(activeAt).isEqualTo(t0);
      }
      assertThat(hook.bodies).hasSize(1);

      try (Tidemark second = TestServer.start(db, config)) {
        Alert restored = only(second);
        assertThat(restored.state()).isEqualTo(AlertState.FIRING);
        assertThat(restored.activeAt()).isEqualTo(activeAt);
        var result = second.alerting().engine().evaluate(key, t0 + 120_000);
        assertThat(only(second).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(second).firedAt()).isEqualTo(t0 + 60_000);
        // nothing is due: the firing message went out before the restart
        assertThat(result.toWebhooks()).isEmpty();

        // and the resolution still reaches it
        second
            .storage()
            .writer()
            .writeAll(
                List.of(
                    new Batch(
                        null,
                        0,
                        List.of(
                            new Sample(
                                "disk_used_ratio", Labels.of("host", "h1"), t0 + 170_000, 0.5)),
                        List.of())),
                -1);
        second.alerting().engine().evaluate(key, t0 + 180_000);
        hook.await(WebhookReceiver.status("resolved", "DiskFull"), Duration.ofSeconds(20));
        // one queue per target, in order: a duplicate firing message would have come first
        assertThat(hook.bodies).hasSize(2);
      }
    }
  }

  private static Alert only(Tidemark server) {
    var group = server.alerting().engine().groups().get(0);
    assertThat(group.runner().alerts()).hasSize(1);
    return group.runner().alerts().get(0);
  }

  private static void write(Tidemark server, long... times) throws Exception {
    List<Sample> samples =
        java.util.Arrays.stream(times)
            .mapToObj(t -> new Sample("disk_used_ratio", Labels.of("host", "h1"), t, 0.95))
            .toList();
    server.storage().writer().writeAll(List.of(new Batch(null, 0, samples, List.of())), -1);
  }
}
