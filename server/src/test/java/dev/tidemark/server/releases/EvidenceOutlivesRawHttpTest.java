package dev.tidemark.server.releases;

import static dev.tidemark.server.releases.ReleaseFixtures.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * A release's runs are pinned to it when it is snapshotted or compared: once the raw tier has
 * dropped them (retention run as if 30 days had passed), the comparison still gives the same
 * answer.
 */
class EvidenceOutlivesRawHttpTest extends TwoReleasesHttpTest {
  @Test
  void aComparisonAfterRawRetentionGivesTheSameAnswer() throws Exception {
    assertSameAnswerAfterRawRetention(server, http, comparison);
  }

  /** Expires the raw tier as 30 days from now would, then compares v1.1.0 with v1.0.0 again. */
  static void assertSameAnswerAfterRawRetention(
      dev.tidemark.server.Tidemark server,
      dev.tidemark.server.testing.Http http,
      JsonObject comparison)
      throws Exception {
    assertThat(runsOf(http, "v1.0.0")).isPositive();
    server
        .storage()
        .database()
        .withConnection(
            c -> {
              server
                  .storage()
                  .tiers()
                  .applyRetention(
                      c, server.storage().plan(), Instant.now().plus(30, ChronoUnit.DAYS));
              return null;
            });
    assertThat(runsOf(http, "v1.0.0")).as("raw tier dropped").isZero();
    assertThat(runsOf(http, "v1.1.0")).as("raw tier dropped").isZero();

    HttpResponse<String> again =
        postJson(
            http,
            "/api/comparisons",
            new JsonObject().put("service", "shop").put("candidate", "v1.1.0"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    JsonObject after = new JsonObject(again.body());
    assertThat(after.getLong("id")).isNotEqualTo(comparison.getLong("id"));
    assertThat(after.getJsonObject("performance").getJsonArray("metrics"))
        .isEqualTo(comparison.getJsonObject("performance").getJsonArray("metrics"))
        .hasSize(4);
    assertThat(after.getJsonArray("quality_scores"))
        .isEqualTo(comparison.getJsonArray("quality_scores"));
    assertThat(after.getString("recommendation")).isEqualTo(comparison.getString("recommendation"));
    assertThat(after.getString("input_digest")).isEqualTo(comparison.getString("input_digest"));
    assertThat(after.getJsonObject("evidence").getBoolean("performance")).isTrue();
  }

  private static int runsOf(dev.tidemark.server.testing.Http http, String version) {
    HttpResponse<String> r = http.get("/api/releases/" + version + "/metrics?service=shop");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("metrics").size();
  }
}
