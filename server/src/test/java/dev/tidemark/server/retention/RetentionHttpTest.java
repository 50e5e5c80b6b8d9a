package dev.tidemark.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /api/retention}: a dry run by default that says what it would drop; applied with
 * {@code ?confirm=true} and persisted; unsafe changes refused by rule.
 */
class RetentionHttpTest {
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;

  @Test
  void changesApplyPersistAndUnsafeOnesAreRefused() throws Exception {
    String url = TestDatabase.freshPostgres();
    try (Tidemark server = TestServer.start(url, Map.of())) {
      Http http = new Http(server.port());
      HttpResponse<String> ok =
          http.put("/api/retention?confirm=true", "{\"raw\":\"21d\",\"1h\":\"2y\"}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      JsonObject applied = new JsonObject(ok.body());
      assertThat(applied.getBoolean("applied")).isTrue();
      assertThat(applied.getJsonObject("retention").getString("raw")).isEqualTo("21d");
      assertThat(applied.getJsonObject("retention").getString("1h")).isEqualTo("730d");

      HttpResponse<String> unsafe = http.put("/api/retention?confirm=true", "{\"raw\":\"1h\"}");
      assertThat(unsafe.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(unsafe.body()).getString("error"))
          .isEqualTo(
              "cannot set retention: raw=1h would drop raw data inside the refresh window of tier"
                  + " 1m [start_offset=1h3m] (rule 2: keep raw longer than 1h3m)");

      assertThat(http.put("/api/retention", "{\"2m\":\"1d\"}").body())
          .contains("unknown tier 2m; tiers are raw, 1m, 5m, 1h, 1d");
      assertThat(http.put("/api/retention", "{\"raw\":\"soon\"}").body())
          .contains("cannot set retention of tier raw: cannot parse duration \\\"soon\\\"");
      assertThat(http.put("/api/retention", "{\"raw\":7}").statusCode()).isEqualTo(400);
      assertThat(http.put("/api/retention", "[]").statusCode()).isEqualTo(400);
      assertThat(http.put("/api/retention", "{").statusCode()).isEqualTo(400);
      assertThat(http.put("/api/retention?confirm=yes", "{\"raw\":\"30d\"}").body())
          .contains("cannot set retention: confirm must be true or false");
      assertThat(new JsonObject(http.get("/api/retention").body()).getString("raw"))
          .isEqualTo("21d");
    }
    try (Tidemark restarted = TestServer.start(url, Map.of())) {
      JsonObject retention =
          new JsonObject(new Http(restarted.port()).get("/api/retention").body());
      assertThat(retention.getString("raw")).isEqualTo("21d");
      assertThat(retention.getString("1d")).isEqualTo("forever");
    }
  }

  /** Before: 7d raw was accepted while samples up to 14d old were acknowledged, then dropped. */
  @Test
  void rawShorterThanTheAcceptanceWindowIsRefusedNamingBothKeys() throws Exception {
    try (Tidemark server = TestServer.start(Map.of(ConfigKey.INGEST_MAX_SAMPLE_AGE, "10d"))) {
      Http http = new Http(server.port());
      for (String confirm : List.of("", "?confirm=true")) {
        HttpResponse<String> r = http.put("/api/retention" + confirm, "{\"raw\":\"7d\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error"))
            .startsWith("cannot set retention: raw=7d is shorter than ingest.max.sample.age=10d;");
      }
      assertThat(http.put("/api/retention?confirm=true", "{\"raw\":\"10d\"}").statusCode())
          .isEqualTo(200);
      assertThat(new JsonObject(http.get("/api/retention").body()).getString("raw"))
          .isEqualTo("10d");
    }
  }

  @Test
  void anUnconfirmedChangeChangesNothingAndSaysWhatItWouldDrop() throws Exception {
    dryRunThenConfirm(TestDatabase.freshPostgres(), true);
  }

  /**
   * On {@code url}: a dry run reports the rows a change would drop and changes nothing; confirmed,
   * it applies, and with {@code dropsNow} (plain PostgreSQL's maintenance pass) the rows go.
   */
  static void dryRunThenConfirm(String url, boolean dropsNow) throws Exception {
    try (Tidemark server = TestServer.start(url, Map.of())) {
      Http http = new Http(server.port());
      long now = System.currentTimeMillis() / MINUTE * MINUTE;
      long old = now - 10 * DAY; // inside the 14-day acceptance window
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        samples.add(new Sample("ret_m", Labels.of("host", "h1"), old + i * MINUTE, i));
      }
      samples.add(new Sample("ret_m", Labels.of("host", "h1"), now - 2 * 60 * MINUTE, 9));
      byte[] body = BatchCodec.encode(new Batch("ret", 1, samples, List.of()));
      assertThat(http.post("/api/v1/ingest", "application/json", body).statusCode()).isEqualTo(204);
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      server.storage().maintain(); // the 10-day-old minutes are late: this pass rolls them up
      String oldBuckets = "SELECT count(*) FROM samples_1m WHERE bucket < now() - interval '3d'";
      assertThat(Sql.count(url, oldBuckets)).isEqualTo(5);

      HttpResponse<String> dry = http.put("/api/retention", "{\"1m\":\"3d\",\"1d\":\"1y\"}");
      assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(dry.body());
      assertThat(answer.getBoolean("applied")).isFalse();
      assertThat(answer.getString("confirm")).contains("?confirm=true");
      assertThat(answer.getJsonObject("retention").getString("1m")).isEqualTo("3d");
      JsonObject minute = answer.getJsonObject("drops").getJsonObject("1m");
      assertThat(minute.getLong("rows")).isEqualTo(5);
      JsonObject samples1m = minute.getJsonObject("relations").getJsonObject("samples_1m");
      assertThat(samples1m.getLong("rows")).isEqualTo(5);
      assertThat(samples1m.getString("oldest")).isEqualTo(Instant.ofEpochMilli(old).toString());
      assertThat(samples1m.getString("newest"))
          .isEqualTo(Instant.ofEpochMilli(old + 4 * MINUTE).toString());
      assertThat(Instant.parse(minute.getString("cutoff")))
          .isBetween(Instant.ofEpochMilli(now - 3 * DAY), Instant.ofEpochMilli(now - 2 * DAY));
      assertThat(answer.getJsonObject("drops").getJsonObject("1d").getLong("rows")).isZero();

      // nothing changed: the retention, and the rows after a maintenance pass
      assertThat(new JsonObject(http.get("/api/retention").body()).getString("1m"))
          .isEqualTo("30d");
      server.storage().maintain();
      assertThat(Sql.count(url, oldBuckets)).isEqualTo(5);

      HttpResponse<String> confirmed =
          http.put("/api/retention?confirm=true", "{\"1m\":\"3d\",\"1d\":\"1y\"}");
      assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
      assertThat(new JsonObject(confirmed.body()).getBoolean("applied")).isTrue();
      assertThat(
              new JsonObject(confirmed.body())
                  .getJsonObject("drops")
                  .getJsonObject("1m")
                  .getLong("rows"))
          .isEqualTo(5);
      assertThat(new JsonObject(http.get("/api/retention").body()).getString("1m")).isEqualTo("3d");
      if (dropsNow) {
        server.storage().maintain();
        assertThat(Sql.count(url, oldBuckets)).isZero();
        assertThat(Sql.count(url, "SELECT count(*) FROM samples_1m")).isEqualTo(1);
      }
    }
  }
}
