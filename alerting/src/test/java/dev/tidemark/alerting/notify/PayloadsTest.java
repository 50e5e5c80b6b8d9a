package dev.tidemark.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  static final long T = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();

  final Notice firing =
      new Notice(
          Map.of("alertname", "Down", "job", "a\"b"),
          Map.of("summary", "line1\nline2"),
          T,
          T + 240_000,
          "http://tm/graph?g0.expr=up",
          true);
  final Notice resolved =
      new Notice(Map.of("alertname", "Down", "job", "c"), Map.of(), T, T + 60_000, "u", false);

  @Test
  void alertmanagerV2Body() {
    assertThat(text(Payloads.alertmanager(List.of(firing))))
        .isEqualTo(
            "[{\"labels\":{\"alertname\":\"Down\",\"job\":\"a\\\"b\"},"
                    .replace("{\"alertname\":\"Down\",\"job\":\"a\\\"b\"}", json(firing.labels()))
                + "\"annotations\":{\"summary\":\"line1\\nline2\"},"
                + "\"startsAt\":\"2026-01-01T10:00:00Z\",\"endsAt\":\"2026-01-01T10:04:00Z\","
                + "\"generatorURL\":\"http://tm/graph?g0.expr=up\"}]");
  }

  @Test
  void webhookBodyLooksLikeAlertmanagers() {
    String body = text(Payloads.webhook("tidemark", "http://tm", List.of(firing, resolved)));
    assertThat(body)
        .startsWith("{\"version\":\"4\",\"receiver\":\"tidemark\",\"status\":\"firing\"")
        .contains("\"status\":\"resolved\"")
        .contains("\"endsAt\":\"0001-01-01T00:00:00Z\"")
        .contains("\"commonLabels\":{\"alertname\":\"Down\"}")
        .contains("\"externalURL\":\"http://tm\"");
    assertThat(text(Payloads.webhook("r", "x", List.of(resolved))))
        .contains("\"receiver\":\"r\",\"status\":\"resolved\"");
  }

  @Test
  void slackBodyIsOneLinePerAlert() {
    assertThat(text(Payloads.slack(List.of(firing, resolved))))
        .isEqualTo(
            "{\"text\":\"[FIRING] Down {job=a\\\"b}: line1\\nline2\\n[RESOLVED] Down {job=c}\"}");
  }

  private static String json(Map<String, String> m) {
    return Json.object(new StringBuilder(), m).toString();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
