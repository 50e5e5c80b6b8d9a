package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.db.EmbeddedDatabase;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under load: ingest keeps accepting into the queue up to its bound, then
 * answers 503 with Retry-After; when the database returns the backlog drains by itself and every
 * acknowledged sample is there once.
 */
class WalOutageTest {
  @Test
  void ingestOutlivesADatabaseOutageUpToTheBound(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path pgDir = dir.resolve("pg");
    EmbeddedDatabase pg = EmbeddedDatabase.start(pgDir, port, EmbeddedDatabase.Durability.FAST);
    String url = pg.jdbcUrl("postgres") + "?user=postgres";
    try (Tidemark server =
        TestServer.start(
            url,
            Map.of(
                ConfigKey.WAL_MAX_LAG_BYTES, "64KiB",
                ConfigKey.DATABASE_POOL_SIZE, "2"))) {
      Http http = new Http(server.port());
      int id = 0;
      for (; id < 5; id++) {
        assertThat(post(http, id).statusCode()).isEqualTo(204);
      }
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();

      pg.close(); // the database goes away
      int accepted = 5;
      HttpResponse<String> refused = null;
      for (; id < 500 && refused == null; id++) {
        HttpResponse<String> r = post(http, id);
        if (r.statusCode() == 204) {
          accepted++;
        } else {
          refused = r;
        }
      }
      assertThat(accepted)
          .as("accepted into the queue while the database was down")
          .isGreaterThan(10);
      assertThat(refused).isNotNull();
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(new JsonObject(refused.body()).getString("error"))
          .startsWith(
              "cannot accept batch now: the database is behind the write-ahead queue [lagBytes=");
      HttpResponse<String> ready = http.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(http.get("/metrics").body()).contains("tidemark_storage_writer_up 0");

      pg =
          EmbeddedDatabase.start(
              pgDir, port, EmbeddedDatabase.Durability.FAST); // back, same data, same port
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
      assertThat(http.get("/ready").statusCode()).isEqualTo(200);
      assertThat(post(http, id).statusCode()).isEqualTo(204);
      accepted++;
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat( // this test's samples only, not ALERTS series the server's rules may store
              Sql.count(
                  url,
                  "SELECT count(*) FROM samples WHERE series_id IN"
                      + " (SELECT id FROM series WHERE metric = 'outage_m')"))
          .isEqualTo(accepted * 20L);
    } finally {
      pg.close();
    }
  }

  /** Batch {@code id}'s samples are at {@code BASE_MS + id}: one value per series and time. */
  static final long BASE_MS = System.currentTimeMillis() - 600_000;

  static HttpResponse<String> post(Http http, int id) {
    StringBuilder sb =
        new StringBuilder("{\"agent\":\"outage\",\"batch\":" + id + ",\"samples\":[");
    long now = BASE_MS + id;
    for (int i = 0; i < 20; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"metric\":\"outage_m\",\"labels\":{\"i\":\"")
          .append(i)
          .append("\"},\"ts\":")
          .append(now)
          .append(",\"value\":")
          .append(id)
          .append('}');
    }
    return http.post(
        "/api/v1/ingest",
        "application/json",
        sb.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
