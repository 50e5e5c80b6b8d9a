package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import dev.tidemark.server.testing.TimescaleOnly;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On TimescaleDB, operators see its policy jobs and chunks in /metrics and /ready. */
@TimescaleOnly
class TimescaleOperationsHttpTest {

  @Test
  void jobsAndChunksAreInMetricsAndReadiness() throws Exception {
    try (Tidemark server =
        TestServer.start(TestDatabase.freshTimescale().orElseThrow(), Map.of())) {
      Http http = new Http(server.port());
      JsonObject ready = new JsonObject(http.get("/ready").body());
      assertThat(ready.getString("status")).isEqualTo("ready"); // a failing job is not unready
      JsonObject timescale = ready.getJsonObject("detail").getJsonObject("timescaledb");
      JsonArray jobs = timescale.getJsonArray("jobs");
      assertThat(jobs.stream().map(j -> ((JsonObject) j).getString("proc")))
          .contains("policy_refresh_continuous_aggregate", "policy_retention");
      assertThat(jobs.getJsonObject(0).fieldNames())
          .contains("runs", "failures", "last_run_failed", "last_success", "last_error");
      assertThat(timescale.getJsonArray("chunks")).isNotNull();
      assertThat(http.get("/metrics").body())
          .contains("tidemark_timescaledb_up 1")
          .containsPattern(
              "tidemark_timescaledb_job_failures\\{job_id=\"\\d+\",proc=\"policy_retention\","
                  + "hypertable=\"samples\"\\} \\d")
          .contains("# TYPE tidemark_timescaledb_job_last_success_timestamp_seconds gauge");
    }
  }
}
