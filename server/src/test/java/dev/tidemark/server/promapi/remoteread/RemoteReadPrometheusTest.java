package dev.tidemark.server.promapi.remoteread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.RealPrometheus;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real Prometheus (Debian's {@code prometheus}, which {@code .ci/run} installs) with {@code
 * remote_read} pointing at Tidemark and no data of its own answers PromQL over what only Tidemark
 * holds: samples written to Tidemark two days ago come back through {@code POST /api/v1/read}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteReadPrometheusTest {
  static final long HOUR = 3_600_000;

  Tidemark server;
  Http tidemark;
  Http prometheus;
  RealPrometheus real;
  long start;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
    tidemark = new Http(server.port());
    // an hour of samples, one a minute, ending two days ago: lt_celsius{room="lab"} = minute index
    start = (System.currentTimeMillis() - 48 * HOUR) / 60_000 * 60_000;
    StringBuilder lines = new StringBuilder();
    for (int k = 0; k < 60; k++) {
      long t = start + k * 60_000L;
      lines.append("lt,room=lab celsius=").append(k).append(' ').append(t).append('\n');
      lines.append("lt,room=office celsius=").append(100 + k).append(' ').append(t).append('\n');
    }
    HttpResponse<String> w =
        tidemark.post(
            "/api/v2/write?precision=ms",
            "text/plain",
            lines.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(w.statusCode()).as(w.body()).isEqualTo(204);
    String check =
        "/api/v1/query?query=count_over_time(lt_celsius[2h])&time=" + (start / 1000 + 3600);
    RealPrometheus.await(
        "Tidemark stored the samples", () -> tidemark.get(check).body().contains("\"60\""));

    real = RealPrometheus.prepare("remote-read");
    real.start(
        "remote_read:\n"
            + "  - url: http://127.0.0.1:"
            + server.port()
            + "/api/v1/read\n"
            + "    read_recent: true\n");
    prometheus = real.http();
  }

  @AfterAll
  void stop() throws Exception {
    if (real != null) {
      real.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void prometheusQueriesWhatOnlyTidemarkHolds() throws IOException {
    long s = start / 1000;
    JsonObject range =
        new JsonObject(
            prometheus
                .get(
                    "/api/v1/query_range?query="
                        + enc("lt_celsius{room=\"lab\"}")
                        + "&start="
                        + s
                        + "&end="
                        + (s + 3540)
                        + "&step=60")
                .body());
    assertThat(range.getString("status")).as(range.encode() + logTail()).isEqualTo("success");
    JsonArray result = range.getJsonObject("data").getJsonArray("result");
    assertThat(result).as(range.encode() + logTail()).hasSize(1);
    assertThat(result.getJsonObject(0).getJsonObject("metric").getMap())
        .containsEntry("__name__", "lt_celsius")
        .containsEntry("room", "lab");
    JsonArray values = result.getJsonObject(0).getJsonArray("values");
    assertThat(values).hasSize(60);
    for (int k = 0; k < 60; k++) {
      assertThat(values.getJsonArray(k).getString(1)).isEqualTo(String.valueOf(k));
    }
    JsonObject sum =
        new JsonObject(
            prometheus
                .get(
                    "/api/v1/query?query="
                        + enc("sum(max_over_time({__name__=~\"lt_.*\"}[1h]))")
                        + "&time="
                        + (s + 3540))
                .body());
    assertThat(
            sum.getJsonObject("data")
                .getJsonArray("result")
                .getJsonObject(0)
                .getJsonArray("value")
                .getString(1))
        .as("59 + 159, both series read through one name-less matcher")
        .isEqualTo("218");
  }

  @Test
  void badReadRequestsAre400() {
    HttpResponse<String> r =
        tidemark.post(
            "/api/v1/read",
            "application/x-protobuf",
            "not snappy".getBytes(StandardCharsets.UTF_8),
            "Content-Encoding",
            "snappy");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("cannot decode read request: ");
  }

  String logTail() {
    return "\n" + real.logTail();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
