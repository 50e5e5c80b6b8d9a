package dev.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data survives restarts; shutdown loses nothing it acknowledged. */
class RestartTest {
  private static final long BASE = System.currentTimeMillis();

  static byte[] batch(String agent, long batch, String metric, int samples) {
    StringBuilder sb =
        new StringBuilder("{\"agent\":\"" + agent + "\",\"batch\":" + batch + ",\"samples\":[");
    // distinct times per batch id, whenever it is built: one value per series and time is stored
    long now = BASE - batch * samples;
    for (int i = 0; i < samples; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"metric\":\"")
          .append(metric)
          .append("\",\"labels\":{\"i\":\"")
          .append(i % 10)
          .append("\"},\"ts\":")
          .append(now - i)
          .append(",\"value\":")
          .append(i)
          .append('}');
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theEmbeddedDefaultKeepsDataInTheDataDirectory(@TempDir Path dir) throws Exception {
    Config config =
        Config.defaults().with(ConfigKey.HTTP_PORT, "0").with(ConfigKey.DATA_DIR, dir.toString());
    try (Tidemark first = Tidemark.start(config)) {
      Http http = new Http(first.port());
      assertThat(
              http.post("/api/v1/ingest", "application/json", batch("r", 1, "restart_m", 5))
                  .statusCode())
          .isEqualTo(204);
    }
    // closed at once: the writer may not have stored the batch yet; the queue holds it
    try (Tidemark second = Tidemark.start(config)) {
      Http http = new Http(second.port());
      assertThat(http.get("/ready").statusCode()).isEqualTo(200);
      // the batch id is remembered across the restart too: sending it again stores nothing
      assertThat(
              http.post("/api/v1/ingest", "application/json", batch("r", 1, "restart_m", 5))
                  .statusCode())
          .isEqualTo(204);
      assertThat(second.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(
              new JsonObject(http.get("/api/series?metric=restart_m").body())
                  .getJsonArray("series"))
          .hasSize(5);
      long id =
          new JsonObject(http.get("/api/series?metric=restart_m&label.i=0").body())
              .getJsonArray("series")
              .getJsonObject(0)
              .getLong("id");
      assertThat(
              new JsonObject(http.get("/api/series/" + id + "/points?from=0").body())
                  .getJsonArray("values"))
          .hasSize(1);
    }
  }

  @Test
  void shutdownKeepsEveryAcknowledgedSample() throws Exception {
    String url = TestDatabase.freshPostgres();
    Tidemark server = TestServer.start(url, Map.of());
    Http http = new Http(server.port());
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int b = 0; b < 40; b++) {
      long id = b;
      sent.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return http.post(
                          "/api/v1/ingest", "application/json", batch("shut", id, "shut_m", 200))
                      .statusCode();
                } catch (RuntimeException e) {
                  return -1; // refused: the server was already stopping
                }
              }));
    }
    Thread.sleep(50);
    server.close();
    long acknowledged =
        sent.stream().map(CompletableFuture::join).filter(code -> code == 204).count();
    try (Tidemark restarted =
        TestServer.start(
            url, Map.of(ConfigKey.DATA_DIR, server.config().string(ConfigKey.DATA_DIR)))) {
      assertThat(restarted.writer().awaitCaughtUp(java.time.Duration.ofSeconds(60))).isTrue();
      long rows =
          restarted
              .storage()
              .database()
              .withConnection(
                  c -> {
                    try (var s = c.createStatement();
                        var rs =
                            s.executeQuery(
                                "SELECT count(*) FROM samples s JOIN series r ON r.id = s.series_id WHERE r.metric = 'shut_m'")) {
                      rs.next();
                      return rs.getLong(1);
                    }
                  });
      assertThat(rows).isGreaterThanOrEqualTo(acknowledged * 200).isLessThanOrEqualTo(40 * 200);
      assertThat(rows % 200).isZero();
    }
  }
}
