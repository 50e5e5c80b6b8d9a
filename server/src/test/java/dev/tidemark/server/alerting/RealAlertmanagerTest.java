package dev.tidemark.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.alerting.eval.RuleEngine;
import dev.tidemark.alerting.rules.RuleGroup;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Alertmanager 0.25 (Debian's {@code prometheus-alertmanager}, which {@code .ci/run}
 * installs) receives Tidemark's alerts over API v2 and routes them to a webhook in this test: a
 * threshold rule and an operational rule each arrive firing and then resolved, and a restart of
 * Tidemark while an alert fires makes no second notification.
 */
class RealAlertmanagerTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String RULES =
      """
      groups:
        - name: thresholds
          interval: 1d
          rules:
            - alert: ErrorRateHigh
              expr: app_error_ratio > 0.05
              for: 1m
              labels:
                severity: page
              annotations:
                summary: "{{ $labels.service }} fails {{ $value | humanizePercentage }} of requests"
      """;

  Process alertmanager;
  Path amDir;
  WebhookReceiver hook;
  String amUrl;

  @BeforeEach
  void startAlertmanager() throws Exception {
    Path binary = Path.of("/usr/bin/prometheus-alertmanager");
    Assumptions.assumeTrue(
        Files.isExecutable(binary),
        "prometheus-alertmanager is not installed (.ci/run installs Debian's)");
    hook = new WebhookReceiver();
    amDir = Files.createTempDirectory("tidemark-alertmanager");
    Path config = amDir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "route:",
            "  receiver: hook",
            "  group_by: ['alertname']",
            "  group_wait: 1s",
            "  group_interval: 1s",
            "  repeat_interval: 1h",
            "receivers:",
            "  - name: hook",
            "    webhook_configs:",
            "      - url: " + hook.url(),
            "        send_resolved: true",
            ""));
    int port = freePort();
    alertmanager =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + amDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(amDir.resolve("alertmanager.log").toFile())
            .start();
    amUrl = "http://127.0.0.1:" + port;
    Http am = new Http(port);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      assertThat(alertmanager.isAlive()).as(log()).isTrue();
      try {
        if (am.get("/-/ready").statusCode() == 200) {
          break;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      assertThat(System.nanoTime()).as("Alertmanager ready; " + log()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (alertmanager != null) {
      alertmanager.destroy();
      if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
        alertmanager.destroyForcibly();
      }
    }
    if (hook != null) {
      hook.close();
    }
  }

  @Test
  void thresholdAndOperationalAlertsFireAndResolveThroughAlertmanager() throws Exception {
    String db = TestDatabase.freshPostgres();
    Path file = Files.createTempFile("rules", ".yml");
    Files.writeString(file, RULES);
    Map<ConfigKey, String> config =
        Map.of(
            ConfigKey.ALERTING_RULE_FILES,
            file.toString(),
            ConfigKey.ALERTING_BUILTIN_RULES,
            "ops",
            ConfigKey.ALERTING_ALERTMANAGER_URLS,
            amUrl);
    // evaluation times in the past, so an alert's end is in the past once it resolves
    long t0 = System.currentTimeMillis() / 1000 * 1000 - 600_000;
    String threshold = file + ";thresholds";
    String ops = "builtin:ops;tidemark-operations";
    try (Tidemark first = TestServer.start(db, config)) {
      RuleEngine engine = first.alerting().engine();
      pinToTestTime(engine, ops);
      write(first, "app_error_ratio", 0.2, t0 - 5_000, t0 + 55_000, t0 + 115_000);
      // the database's schema is behind: the operational pack's "database unreachable" condition
      setSchemaCurrent(first, false);
      for (long t = t0; t <= t0 + 60_000; t += 15_000) {
        engine.evaluate(ops, t);
      }
      engine.evaluate(threshold, t0);
      engine.evaluate(threshold, t0 + 60_000);
      JsonObject firing = hook.await(WebhookReceiver.status("firing", "ErrorRateHigh"), WAIT);
      JsonObject alert = firing.getJsonArray("alerts").getJsonObject(0);
      assertThat(alert.getJsonObject("annotations").getString("summary"))
          .isEqualTo("checkout fails 20% of requests");
      assertThat(alert.getString("startsAt"))
          .startsWith(java.time.Instant.ofEpochMilli(t0 + 60_000).toString().substring(0, 19));
      assertThat(alert.getString("generatorURL")).contains("/graph?g0.expr=app_error_ratio");
      hook.await(WebhookReceiver.status("firing", "TidemarkDatabaseUnreachable"), WAIT);
      assertThat(
              new Http(Integer.parseInt(amUrl.substring(amUrl.lastIndexOf(':') + 1)))
                  .get("/api/v2/alerts")
                  .body())
          .contains("ErrorRateHigh", "TidemarkDatabaseUnreachable");
      setSchemaCurrent(first, true);
    }
    int firingMessages = countFiring("ErrorRateHigh");
    assertThat(firingMessages).isEqualTo(1);

    // restart while ErrorRateHigh fires: state comes back from the database, nothing is re-sent
    try (Tidemark second = TestServer.start(db, config)) {
      RuleEngine engine = second.alerting().engine();
      pinToTestTime(engine, ops);
      assertThat(engine.group(threshold).runner().alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.firedAt()).isEqualTo(t0 + 60_000));
      var r = engine.evaluate(threshold, t0 + 120_000);
      assertThat(r.toAlertmanager()).isEmpty(); // sent a minute ago: the resend is not due yet
      engine.evaluate(ops, t0 + 120_000);

      // both conditions clear: resolved notifications arrive
      write(second, "app_error_ratio", 0.01, t0 + 175_000);
      engine.evaluate(threshold, t0 + 180_000);
      engine.evaluate(ops, t0 + 180_000);
      hook.await(WebhookReceiver.status("resolved", "ErrorRateHigh"), WAIT);
      hook.await(WebhookReceiver.status("resolved", "TidemarkDatabaseUnreachable"), WAIT);
      assertThat(countFiring("ErrorRateHigh")).as("no duplicate after the restart").isEqualTo(1);
    }
  }

  @Test
  void releaseRulesFireWhenABadComparisonLandsAndResolveWhenABetterOneDoes() throws Exception {
    Map<ConfigKey, String> config =
        Map.of(
            ConfigKey.ALERTING_BUILTIN_RULES,
            "releases",
            ConfigKey.ALERTING_ALERTMANAGER_URLS,
            amUrl);
    String releases = "builtin:releases;tidemark-releases";
    try (Tidemark server = TestServer.start(TestDatabase.freshPostgres(), config)) {
      comparison(server, "v1.1.0", "v1.2.0", 90, 0, false);
      comparison(server, "v1.2.0", "v1.3.0", 72, 2, true);
      server.alerting().releaseSignals().publish(System.currentTimeMillis());
      awaitAlerts(server, releases, 3);
      JsonObject blocking =
          hook.await(WebhookReceiver.status("firing", "ReleaseBlockingRegressions"), WAIT);
      assertThat(blocking.getJsonArray("alerts").getJsonObject(0).getJsonObject("labels").getMap())
          .containsEntry("service", "checkout")
          .containsEntry("release", "v1.3.0")
          .containsEntry("baseline", "v1.2.0");
      hook.await(WebhookReceiver.status("firing", "ReleaseQualityScoreDrop"), WAIT);
      hook.await(WebhookReceiver.status("firing", "ReleaseNewCriticalVulnerability"), WAIT);

      comparison(server, "v1.3.0", "v1.4.0", 91, 0, false);
      server.alerting().releaseSignals().publish(System.currentTimeMillis());
      awaitAlerts(server, releases, 0);
      hook.await(WebhookReceiver.status("resolved", "ReleaseBlockingRegressions"), WAIT);
      hook.await(WebhookReceiver.status("resolved", "ReleaseQualityScoreDrop"), WAIT);
    }
  }

  /** Evaluates the group at the current time until it holds {@code n} firing alerts. */
  private static void awaitAlerts(Tidemark server, String key, int n) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      server.alerting().engine().evaluate(key, System.currentTimeMillis());
      long firing =
          server.alerting().engine().group(key).runner().alerts().stream()
              .filter(a -> a.state() == dev.tidemark.alerting.eval.AlertState.FIRING)
              .count();
      if (firing == n) {
        return;
      }
      assertThat(System.nanoTime()).as("%d firing release alerts", n).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** A comparison as the release endpoints store it (the fields the release pack reads). */
  private static void comparison(
      Tidemark server, String baseline, String candidate, double score, int blocking, boolean cve)
      throws Exception {
    JsonArray vulns = new JsonArray();
    if (cve) {
      vulns.add(
          new JsonObject().put("id", "CVE-2026-0001").put("severity", "CRITICAL").put("new", true));
    }
    JsonObject result =
        new JsonObject()
            .put("blocking_regressions", blocking)
            .put(
                "quality_scores",
                new JsonArray().add(new JsonObject().put("profile", "release").put("score", score)))
            .put("security", new JsonObject().put("vulnerabilities", vulns))
            .put("drift", new JsonObject().put("high", 0));
    server
        .storage()
        .database()
        .withConnection(
            c ->
                dev.tidemark.server.storage.releases.ComparisonStore.insert(
                    c,
                    "checkout",
                    baseline,
                    candidate,
                    new dev.tidemark.releases.json.JsonObject(result.encode())));
  }

  /**
   * Replaces the scheduled ops group by the same rules at a 1-day interval: the test drives time.
   */
  private static void pinToTestTime(RuleEngine engine, String key) {
    RuleGroup g = engine.group(key).runner().group();
    engine.put(
        new RuleGroup(g.file(), g.name(), Duration.ofDays(1), g.limit(), g.rules(), g.source()));
  }

  private int countFiring(String alertname) {
    int n = 0;
    for (JsonObject b : hook.bodies) {
      JsonArray alerts = b.getJsonArray("alerts");
      for (int i = 0; i < alerts.size(); i++) {
        JsonObject a = alerts.getJsonObject(i);
        if (a.getString("status").equals("firing")
            && alertname.equals(a.getJsonObject("labels").getString("alertname"))) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * A schema version from the future makes the server's readiness check fail, as a lagging one
   * would.
   */
  private static void setSchemaCurrent(Tidemark server, boolean current) throws Exception {
    server
        .storage()
        .database()
        .withConnection(
            c -> {
              try (var s = c.createStatement()) {
                s.execute(
                    current
                        ? "DELETE FROM schema_migrations WHERE version = 99999"
                        : "INSERT INTO schema_migrations (version, name) VALUES (99999, 'test')");
              }
              return null;
            });
  }

  private static void write(Tidemark server, String metric, double v, long... times)
      throws Exception {
    List<Sample> samples =
        java.util.Arrays.stream(times)
            .mapToObj(t -> new Sample(metric, Labels.of("service", "checkout"), t, v))
            .toList();
    server.storage().writer().writeAll(List.of(new Batch(null, 0, samples, List.of())), -1);
  }

  private String log() {
    try {
      return Files.readString(amDir.resolve("alertmanager.log"));
    } catch (Exception e) {
      return "(no log)";
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
