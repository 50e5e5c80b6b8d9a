package dev.tidemark.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code PUT /api/retention}: safe changes apply and persist, unsafe ones are refused by rule. */
class RetentionHttpTest {
  @Test
  void changesApplyPersistAndUnsafeOnesAreRefused() throws Exception {
    String url = TestDatabase.freshPostgres();
    try (Tidemark server = TestServer.start(url, Map.of())) {
      Http http = new Http(server.port());
      HttpResponse<String> ok = http.put("/api/retention", "{\"raw\":\"7d\",\"1h\":\"2y\"}");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(ok.body()).getString("raw")).isEqualTo("7d");
      assertThat(new JsonObject(ok.body()).getString("1h")).isEqualTo("730d");

      HttpResponse<String> unsafe = http.put("/api/retention", "{\"raw\":\"1h\"}");
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
      assertThat(new JsonObject(http.get("/api/retention").body()).getString("raw"))
          .isEqualTo("7d");
    }
    try (Tidemark restarted = TestServer.start(url, Map.of())) {
      JsonObject retention =
          new JsonObject(new Http(restarted.port()).get("/api/retention").body());
      assertThat(retention.getString("raw")).isEqualTo("7d");
      assertThat(retention.getString("1d")).isEqualTo("forever");
    }
  }
}
