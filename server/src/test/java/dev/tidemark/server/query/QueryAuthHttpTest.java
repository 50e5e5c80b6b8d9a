package dev.tidemark.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query endpoints need the read scope. */
class QueryAuthHttpTest {
  static final String READER = "reader-token-0123456789";
  static final String WRITER = "writer-token-0123456789";

  @Test
  void queriesNeedTheReadScope() throws Exception {
    try (Tidemark server =
        TestServer.start(Map.of(ConfigKey.AUTH_TOKENS, READER + ":read," + WRITER + ":write"))) {
      Http http = new Http(server.port());
      byte[] body = "{\"query\":\"avg(x)\"}".getBytes(StandardCharsets.UTF_8);
      assertThat(http.post("/api/query", "application/json", body).statusCode()).isEqualTo(401);
      assertThat(
              http.post("/api/query", "application/json", body, "Authorization", "Bearer " + WRITER)
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              http.post("/api/query", "application/json", body, "Authorization", "Bearer " + READER)
                  .statusCode())
          .isEqualTo(200);
      assertThat(http.get("/api/metrics").statusCode()).isEqualTo(401);
      assertThat(http.get("/api/metrics", "Authorization", "Bearer " + READER).statusCode())
          .isEqualTo(200);
      assertThat(http.get("/api/metrics/x/trend", "Authorization", "Bearer " + WRITER).statusCode())
          .isEqualTo(403);
    }
  }
}
