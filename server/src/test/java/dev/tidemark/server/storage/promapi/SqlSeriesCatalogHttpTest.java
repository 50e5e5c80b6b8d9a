package dev.tidemark.server.storage.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Prometheus API's catalogue endpoints on a real server: {@link SqlSeriesCatalog} over the
 * {@code series} table after native ingest, plus the wiring in {@code HttpVerticle} (no data source
 * yet: {@code 1+1} answers, data queries are 503).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlSeriesCatalogHttpTest {
  static final long DAY = 86_400_000L;

  Tidemark server;
  Http http;
  long now;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
    http = new Http(server.port());
    now = System.currentTimeMillis();
    String body =
        "{\"agent\":\"prom-test\",\"batch\":1,\"samples\":["
            + sample("pc_cpu", "{\"host\":\"h1\",\"release\":\"v1\"}", now)
            + ","
            + sample("pc_cpu", "{\"host\":\"h2\",\"release\":\"v2\"}", now)
            + ","
            + sample("pc_mem", "{\"host\":\"h1\",\"zone\":\"a\\\"b\"}", now)
            + ","
            + sample("pc_old", "{\"host\":\"h9\"}", now - 3 * DAY)
            + "]}";
    HttpResponse<String> r =
        http.post("/api/v1/ingest", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
  }

  static String sample(String metric, String labels, long ts) {
    return "{\"metric\":\""
        + metric
        + "\",\"labels\":"
        + labels
        + ",\"ts\":"
        + ts
        + ",\"value\":1}";
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  JsonArray data(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("data");
  }

  List<Object> list(HttpResponse<String> r) {
    return data(r).stream().toList();
  }

  @Test
  void labelNamesAndValues() {
    assertThat(list(http.get("/api/v1/labels?start=0&end=9999999999")))
        .contains("__name__", "host", "release", "zone");
    assertThat(list(http.get("/api/v1/label/__name__/values"))).contains("pc_cpu", "pc_mem");
    assertThat(list(http.get("/api/v1/label/release/values"))).contains("v1", "v2");
    assertThat(list(http.get("/api/v1/label/zone/values"))).contains("a\"b");
    assertThat(list(http.get("/api/v1/label/host/values?match[]=" + q("pc_cpu{release=~\"v2\"}"))))
        .containsExactly("h2");
  }

  @Test
  void seriesByMatchers() {
    HttpResponse<String> r =
        http.post(
            "/api/v1/series",
            "application/x-www-form-urlencoded",
            ("match[]=" + q("pc_cpu{host=~\"h.*\", release!=\"v2\"}") + "&start=0")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(data(r))
        .containsExactly(
            new JsonObject().put("__name__", "pc_cpu").put("host", "h1").put("release", "v1"));
  }

  @Test
  void queriesAndBuildInfoAreWired() {
    JsonObject ok = new JsonObject(http.get("/api/v1/query?query=" + q("1+1")).body());
    assertThat(ok.getJsonObject("data").getJsonArray("result").getString(1)).isEqualTo("2");
    HttpResponse<String> r = http.get("/api/v1/query?query=" + q("count(pc_cpu)"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(
            new JsonObject(r.body())
                .getJsonObject("data")
                .getJsonArray("result")
                .getJsonObject(0)
                .getJsonArray("value")
                .getString(1))
        .isEqualTo("2");
    assertThat(
            new JsonObject(http.get("/api/v1/status/buildinfo").body())
                .getJsonObject("data")
                .getString("version"))
        .isEqualTo("2.55.0");
    assertThat(List.of(http.get("/api/v1/metadata").statusCode())).containsExactly(200);
  }

  /** Grafana sends the dashboard's time range: only series with samples in it are listed. */
  @Test
  void startAndEndNarrowTheCatalogue() {
    String recent = "start=" + (now / 1000 - 600) + "&end=" + (now / 1000 + 60);
    String old =
        "start=" + ((now - 3 * DAY) / 1000 - 600) + "&end=" + ((now - 3 * DAY) / 1000 + 60);
    assertThat(list(http.get("/api/v1/label/__name__/values?start=0&end=1000"))).isEmpty();
    assertThat(list(http.get("/api/v1/labels?start=0&end=1000"))).isEmpty();
    assertThat(list(http.get("/api/v1/label/__name__/values?" + recent)))
        .containsExactly("pc_cpu", "pc_mem");
    assertThat(list(http.get("/api/v1/label/__name__/values?" + old))).containsExactly("pc_old");
    assertThat(list(http.get("/api/v1/label/host/values?" + old))).containsExactly("h9");
    assertThat(list(http.get("/api/v1/labels?" + old))).containsExactly("__name__", "host");
    assertThat(
            data(http.get("/api/v1/series?match[]=" + q("{__name__=~\"pc_.*\"}") + "&" + recent)))
        .hasSize(3);
    assertThat(data(http.get("/api/v1/series?match[]=" + q("{host=\"h9\"}") + "&" + old)))
        .containsExactly(new JsonObject().put("__name__", "pc_old").put("host", "h9"));
    assertThat(http.get("/api/v1/labels?start=10&end=5").statusCode()).isEqualTo(400);
  }
}
