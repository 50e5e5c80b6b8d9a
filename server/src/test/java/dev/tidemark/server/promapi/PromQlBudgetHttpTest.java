package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PromQL reads raw samples under {@code promql.max.samples}, not the DSL's much smaller {@code
 * query.max.points}: a panel over more points than the DSL allows answers, one over the PromQL
 * budget is a 422 naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromQlBudgetHttpTest {
  static final long T0 = (System.currentTimeMillis() / 60_000) * 60_000 - 3 * 3_600_000L;

  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(ConfigKey.QUERY_MAX_POINTS, "50", ConfigKey.PROMQL_MAX_SAMPLES, "500"));
    http = new Http(server.port());
    List<Sample> samples = new ArrayList<>();
    for (int k = 0; k < 400; k++) {
      long ts = T0 + k * 15_000L;
      samples.add(new Sample("small", Labels.of(Map.of("host", "h1")), ts, k));
      if (k < 300) {
        samples.add(new Sample("large", Labels.of(Map.of("host", "h1")), ts, 2.0 * k));
      }
    }
    samples.removeIf(s -> s.metric().equals("small") && s.timestamp() >= T0 + 200 * 15_000L);
    HttpResponse<String> r =
        http.post(
            "/api/v1/ingest",
            "application/json",
            BatchCodec.encode(new Batch("budget", 1, samples, List.of())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  HttpResponse<String> range(String query) {
    long end = (T0 + 400 * 15_000L) / 1000;
    return http.get(
        "/api/v1/query_range?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8)
            + "&start="
            + T0 / 1000
            + "&end="
            + end
            + "&step=60");
  }

  @Test
  void readsMorePointsThanTheDslAllows() {
    HttpResponse<String> r = range("count_over_time(large[1h])");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject series =
        new JsonObject(r.body()).getJsonObject("data").getJsonArray("result").getJsonObject(0);
    // 300 samples read (six times query.max.points); a full hour, both ends included as in
    // Prometheus 2.x, holds 241 of them
    assertThat(
            series.getJsonArray("values").stream()
                .mapToDouble(
                    v -> Double.parseDouble(((io.vertx.core.json.JsonArray) v).getString(1)))
                .max()
                .orElseThrow())
        .isEqualTo(241);
  }

  @Test
  void aQueryOverTheBudgetIs422NamingIt() {
    // 300 + 200 samples fit in 500; the same selectors twice do not
    assertThat(range("sum(large) + sum(small)").statusCode()).isEqualTo(200);
    HttpResponse<String> r = range("sum(large) + sum(small) + sum(small)");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("errorType")).isEqualTo("execution");
    assertThat(body.getString("error")).contains("too many samples").contains("500");
  }
}
