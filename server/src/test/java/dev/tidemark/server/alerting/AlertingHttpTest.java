package dev.tidemark.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.alerting.eval.AlertState;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Rules from a file and over REST, evaluated against a real server's storage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertingHttpTest {
  static final String RULES =
      """
      groups:
        - name: queues
          interval: 1d
          rules:
            - record: queue:depth:max
              expr: max by (queue) (queue_depth)
            - alert: QueueBacklog
              expr: queue_depth > 40
              labels:
                severity: page
              annotations:
                summary: "{{ $labels.queue }} holds {{ $value }} jobs"
      """;

  Tidemark server;
  Http http;
  WebhookReceiver hook;
  String groupKey;

  @BeforeAll
  void start() throws Exception {
    hook = new WebhookReceiver();
    Path file = Files.createTempFile("rules", ".yml");
    Files.writeString(file, RULES);
    groupKey = file + ";queues";
    server =
        TestServer.start(
            Map.of(
                ConfigKey.ALERTING_RULE_FILES,
                file.toString(),
                ConfigKey.ALERTING_BUILTIN_RULES,
                "none",
                ConfigKey.ALERTING_WEBHOOK_URLS,
                hook.url() + "," + "http://127.0.0.1:9/dead"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (hook != null) {
      hook.close();
    }
  }

  @Test
  void aFileRuleFiresNotifiesRecordsAndAnswersInPrometheusShape() throws Exception {
    long now = System.currentTimeMillis();
    server
        .storage()
        .writer()
        .writeAll(
            List.of(
                new Batch(
                    null,
                    0,
                    List.of(
                        new Sample("queue_depth", Labels.of("queue", "mail"), now - 10_000, 50),
                        new Sample("queue_depth", Labels.of("queue", "sms"), now - 10_000, 5)),
                    List.of())),
            -1);
    server.alerting().engine().evaluate(groupKey, now);

    JsonObject firing =
        hook.await(WebhookReceiver.status("firing", "QueueBacklog"), Duration.ofSeconds(20));
    JsonObject alert = firing.getJsonArray("alerts").getJsonObject(0);
    assertThat(alert.getJsonObject("labels").getMap())
        .isEqualTo(Map.of("alertname", "QueueBacklog", "queue", "mail", "severity", "page"));
    assertThat(alert.getJsonObject("annotations").getString("summary"))
        .isEqualTo("mail holds 50 jobs");
    assertThat(alert.getString("generatorURL")).contains("/graph?g0.expr=queue_depth+%3E+40");

    JsonObject rules = data(http.get("/api/v1/rules"));
    JsonObject group = rules.getJsonArray("groups").getJsonObject(0);
    assertThat(group.getString("name")).isEqualTo("queues");
    assertThat(group.getDouble("interval")).isEqualTo(86400.0);
    JsonArray list = group.getJsonArray("rules");
    assertThat(list.getJsonObject(0).getString("type")).isEqualTo("recording");
    assertThat(list.getJsonObject(0).getString("health")).isEqualTo("ok");
    JsonObject alerting = list.getJsonObject(1);
    assertThat(alerting.getString("type")).isEqualTo("alerting");
    assertThat(alerting.getString("state")).isEqualTo("firing");
    assertThat(alerting.getJsonArray("alerts").getJsonObject(0).getString("value"))
        .isEqualTo("5e+01");
    assertThat(
            data(http.get("/api/v1/rules?type=record"))
                .getJsonArray("groups")
                .getJsonObject(0)
                .getJsonArray("rules"))
        .hasSize(1);
    assertThat(http.get("/api/v1/rules?type=bogus").statusCode()).isEqualTo(400);

    JsonArray alerts = data(http.get("/api/v1/alerts")).getJsonArray("alerts");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.getJsonObject(0).getString("state")).isEqualTo("firing");

    // written through the write-ahead log: the recording rule's series and ALERTS are queryable
    awaitQuery("queue:depth:max", now, r -> r.size() == 2);
    awaitQuery(
        "ALERTS_FOR_STATE",
        now,
        r ->
            r.size() == 1
                && r.getJsonObject(0)
                    .getJsonArray("value")
                    .getString(1)
                    .equals(String.valueOf(now / 1000)));

    // state is in the database
    Integer rows =
        server
            .storage()
            .database()
            .withConnection(
                c -> {
                  try (var s = c.createStatement();
                      var rs =
                          s.executeQuery(
                              "SELECT count(*) FROM alert_state WHERE state = 'firing'")) {
                    rs.next();
                    return rs.getInt(1);
                  }
                });
    assertThat(rows).isEqualTo(1);

    // the dead target: five tries, then dropped; both counted in /metrics
    String metrics =
        awaitMetrics(
            "tidemark_alerting_notifications_dropped_total{kind=\"webhook\",target=\"http://127.0.0.1:9\"} 1");
    assertThat(metrics)
        .contains(
            "tidemark_alerting_notifications_failed_total{kind=\"webhook\",target=\"http://127.0.0.1:9\"} 5")
        .contains(
            "tidemark_alerting_notifications_sent_total{kind=\"webhook\",target=\""
                + hook.url().replace("/hook", "")
                + "\"} 1")
        .contains("tidemark_alerting_alerts_firing 1.0")
        .doesNotContain("/dead");

    // resolved
    server
        .storage()
        .writer()
        .writeAll(
            List.of(
                new Batch(
                    null,
                    0,
                    List.of(new Sample("queue_depth", Labels.of("queue", "mail"), now + 50_000, 1)),
                    List.of())),
            -1);
    server.alerting().engine().evaluate(groupKey, now + 60_000);
    hook.await(WebhookReceiver.status("resolved", "QueueBacklog"), Duration.ofSeconds(20));
    assertThat(data(http.get("/api/v1/alerts")).getJsonArray("alerts")).isEmpty();
    assertThat(server.alerting().engine().group(groupKey).runner().alerts().get(0).state())
        .isEqualTo(AlertState.INACTIVE);
  }

  @Test
  void groupsAreManagedOverRest() {
    String bad = "name: api-group\nrules:\n  - alert: X\n    expr: up == = 1\n";
    HttpResponse<String> r = http.put("/api/rules/api-group", bad);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject err = new JsonObject(r.body());
    assertThat(err.getString("error"))
        .startsWith("cannot parse rule file: cannot parse PromQL expr");
    assertThat(err.getInteger("line")).isEqualTo(4);
    assertThat(err.getInteger("column")).isEqualTo(17);
    assertThat(http.put("/api/rules/other", "name: api-group\nrules: []\n").statusCode())
        .isEqualTo(400);

    String good =
        "name: api-group\ninterval: 1d\nrules:\n  - alert: NoQueue\n    expr: absent_like == 1\n";
    assertThat(http.put("/api/rules/api-group", good).statusCode()).isEqualTo(201);
    assertThat(http.put("/api/rules/api-group", good.replace("NoQueue", "NoQueue2")).statusCode())
        .isEqualTo(200);
    JsonArray groups = new JsonObject(http.get("/api/rules").body()).getJsonArray("groups");
    assertThat(
            groups.stream()
                .map(JsonObject.class::cast)
                .filter(g -> g.getString("name").equals("api-group")))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getBoolean("managed")).isTrue();
              assertThat(g.getString("interval")).isEqualTo("1d");
            });
    assertThat(http.get("/api/rules/api-group").body()).contains("NoQueue2");
    assertThat(http.delete("/api/rules/api-group").statusCode()).isEqualTo(204);
    assertThat(http.delete("/api/rules/api-group").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/rules/api-group").statusCode()).isEqualTo(404);
  }

  private void awaitQuery(String query, long time, java.util.function.Predicate<JsonArray> ok)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonArray last = null;
    while (System.nanoTime() < deadline) {
      last =
          data(http.get(
                  "/api/v1/query?query="
                      + URLEncoder.encode(query, StandardCharsets.UTF_8)
                      + "&time="
                      + (time / 1000.0)))
              .getJsonArray("result");
      if (ok.test(last)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(query + " never matched; last " + last);
  }

  private String awaitMetrics(String line) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http.get("/metrics").body();
      if (body.contains(line)) {
        return body;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("/metrics never showed " + line + ":\n" + body);
  }

  private static JsonObject data(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("data");
  }
}
