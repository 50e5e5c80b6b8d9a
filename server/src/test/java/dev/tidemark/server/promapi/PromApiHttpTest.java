package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.server.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Prometheus API's router on loopback over an {@link InMemoryDataSource}, with the request
 * shapes Grafana's Prometheus datasource sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromApiHttpTest {
  static final long T0 = 1_700_000_400_000L;
  static final long T = T0 + 20 * 60_000;

  Vertx vertx;
  Http http;
  Http unwired;
  Http limited;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    InMemoryDataSource data = InMemoryDataSource.create().declare("reqs_total", MetricKind.COUNTER);
    double[] obs = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    for (int k = 0; k <= 80; k++) {
      Instant t = Instant.ofEpochMilli(T0 + k * 15_000L);
      data.add("reqs_total", Map.of("route", "/a"), t, 10.0 * k);
      data.add("cpu", Map.of("host", "h1", "release", "v1"), t, 10);
      data.add("cpu", Map.of("host", "h2", "release", "v2"), t, 30);
      data.recordHistogram("lat", Map.of("op", "x", "release", "v1"), t, obs);
    }
    ListCatalog catalog =
        new ListCatalog(
            List.of(
                Map.of("__name__", "reqs_total", "route", "/a"),
                Map.of("__name__", "cpu", "host", "h1", "release", "v1"),
                Map.of("__name__", "cpu", "host", "h2", "release", "v2"),
                Map.of("__name__", "lat", "op", "x", "release", "v1")));
    Clock clock = Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC);
    http = new Http(serve(new PromApi(PromStorage.blocking(data), catalog, clock)));
    unwired = new Http(serve(PromApi.withoutDataSource(catalog)));
    PromStorage overLimit =
        work ->
            io.vertx.core.Future.failedFuture(
                dev.tidemark.query.lang.QueryException.evaluate("too many points [points>10]"));
    limited = new Http(serve(new PromApi(overLimit, catalog, clock)));
  }

  int serve(PromApi api) throws Exception {
    Router router = Router.router(vertx);
    api.mount(router, (io.vertx.ext.web.handler.PlatformHandler) ctx -> ctx.next()); // as Auth
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    return server.actualPort();
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  HttpResponse<String> form(Http h, String path, String body) {
    return h.post(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
  }

  static JsonObject data(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("status")).isEqualTo("success");
    return body.getJsonObject("data");
  }

  static List<Object> list(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("status")).isEqualTo("success");
    return body.getJsonArray("data").stream().toList();
  }

  @Test
  void saveAndTestQueryWorksWithAndWithoutData() {
    for (Http h : List.of(http, unwired)) {
      JsonObject d = data(form(h, "/api/v1/query", "query=1%2B1&time=1700001600.5"));
      assertThat(d.getString("resultType")).isEqualTo("scalar");
      assertThat(d.getJsonArray("result")).isEqualTo(new JsonArray().add(1700001600.5).add("2"));
    }
    JsonObject get = data(http.get("/api/v1/query?query=" + q("1+1")));
    assertThat(get.getJsonArray("result").getString(1)).isEqualTo("2");
  }

  @Test
  void unwiredDataQueriesAre503() {
    HttpResponse<String> r = unwired.get("/api/v1/query?query=cpu");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(r.body()))
        .isEqualTo(
            new JsonObject()
                .put("status", "error")
                .put("errorType", "unavailable")
                .put("error", "cannot evaluate query: no data source is wired yet"));
  }

  @Test
  void buildInfoLooksLikePrometheus() {
    JsonObject d = data(http.get("/api/v1/status/buildinfo"));
    assertThat(d.getString("version")).isEqualTo("2.55.0");
    assertThat(d.getString("tidemarkVersion")).isNotBlank();
    assertThat(d.getString("revision"))
        .as("the git commit the build came from")
        .matches("[0-9a-f]{40}|unknown");
    assertThat(data(http.get("/api/v1/metadata"))).isEqualTo(new JsonObject());
    assertThat(data(http.get("/api/v1/status/runtimeinfo")).getString("startTime")).isNotBlank();
    assertThat(new JsonObject(http.get("/api/v1/targets/metadata").body()).getJsonArray("data"))
        .isEmpty();
    assertThat(data(http.get("/api/v1/rules")))
        .isEqualTo(new JsonObject().put("groups", new JsonArray()));
    assertThat(data(http.get("/api/v1/alerts")))
        .isEqualTo(new JsonObject().put("alerts", new JsonArray()));
  }

  @Test
  void instantVectorHasNameAndStringValues() {
    JsonObject d =
        data(http.get("/api/v1/query?query=" + q("cpu{host=\"h1\"}") + "&time=" + T / 1000));
    assertThat(d.getString("resultType")).isEqualTo("vector");
    JsonObject sample = d.getJsonArray("result").getJsonObject(0);
    assertThat(sample.getJsonObject("metric"))
        .isEqualTo(new JsonObject().put("__name__", "cpu").put("host", "h1").put("release", "v1"));
    assertThat(sample.getJsonArray("value")).isEqualTo(new JsonArray().add(T / 1000).add("10"));
  }

  @Test
  void grafanaRangeQueryAsFormPost() {
    String body =
        "query="
            + q("sum by (route) (rate(reqs_total[1m]))")
            + "&start="
            + (T - 300_000) / 1000
            + "&end="
            + T / 1000
            + "&step=60";
    JsonObject d = data(form(http, "/api/v1/query_range", body));
    assertThat(d.getString("resultType")).isEqualTo("matrix");
    JsonObject series = d.getJsonArray("result").getJsonObject(0);
    assertThat(series.getJsonObject("metric")).isEqualTo(new JsonObject().put("route", "/a"));
    JsonArray values = series.getJsonArray("values");
    assertThat(values).hasSize(6);
    assertThat(values.getJsonArray(0).getString(1)).startsWith("0.666666");
    JsonObject durationStep =
        data(
            http.get(
                "/api/v1/query_range?query="
                    + q("histogram_quantile(0.5, sum by (release) (rate(lat[1m])))")
                    + "&start="
                    + (T - 120_000) / 1000
                    + "&end="
                    + T / 1000
                    + "&step=1m"));
    JsonArray p50 = durationStep.getJsonArray("result").getJsonObject(0).getJsonArray("values");
    assertThat(p50).hasSize(3);
    assertThat(Double.parseDouble(p50.getJsonArray(2).getString(1))).isBetween(49.5, 51.5);
  }

  @Test
  void tooManyPointsAndBadParametersAre400() {
    HttpResponse<String> r =
        http.get("/api/v1/query_range?query=cpu&start=0&end=" + T / 1000 + "&step=1");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error"))
        .startsWith("exceeded maximum resolution of 11,000 points per timeseries");
    assertThat(http.get("/api/v1/query_range?query=cpu&start=10&end=5&step=1").statusCode())
        .isEqualTo(400);
    assertThat(http.get("/api/v1/query_range?query=cpu&start=1&end=5&step=0").statusCode())
        .isEqualTo(400);
    assertThat(http.get("/api/v1/query?query=cpu&time=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void unsupportedPromQlIsBadData() {
    HttpResponse<String> r = http.get("/api/v1/query?query=" + q("limitk(1, cpu)"));
    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("errorType")).isEqualTo("bad_data");
    assertThat(body.getString("error"))
        .startsWith("cannot parse query: ")
        .contains("is not supported");
  }

  @Test
  void storageLimitsAre422() {
    HttpResponse<String> r = limited.get("/api/v1/query?query=cpu");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(r.body()).getString("error"))
        .isEqualTo("cannot evaluate query: too many points [points>10]");
  }

  @Test
  void executionErrorsAre422() {
    HttpResponse<String> r = http.get("/api/v1/query?query=" + q("rate(lat[5m])"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(new JsonObject(r.body()).getString("errorType")).isEqualTo("execution");
  }

  @Test
  void labelsSeriesAndValuesAsGrafanaAsks() {
    String range = "start=" + (T0 / 1000) + "&end=" + (T / 1000);
    assertThat(list(http.get("/api/v1/labels?" + range)))
        .containsExactly("__name__", "host", "op", "release", "route");
    assertThat(list(form(http, "/api/v1/labels", range + "&match[]=" + q("cpu"))))
        .containsExactly("__name__", "host", "release");
    assertThat(list(http.get("/api/v1/label/__name__/values?" + range)))
        .containsExactly("cpu", "lat", "reqs_total");
    assertThat(list(http.get("/api/v1/label/release/values"))).containsExactly("v1", "v2");
    assertThat(
            list(
                http.get(
                    "/api/v1/label/host/values?match[]="
                        + q("cpu{release=~\"v2|v3\"}")
                        + "&"
                        + range)))
        .containsExactly("h2");
  }

  @Test
  void seriesReturnsLabelSets() {
    HttpResponse<String> r =
        form(http, "/api/v1/series", "match[]=" + q("cpu{host!~\"h2\"}") + "&match[]=" + q("lat"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray list = new JsonObject(r.body()).getJsonArray("data");
    assertThat(list)
        .containsExactlyInAnyOrder(
            new JsonObject().put("__name__", "cpu").put("host", "h1").put("release", "v1"),
            new JsonObject().put("__name__", "lat").put("op", "x").put("release", "v1"));
    assertThat(http.get("/api/v1/series").statusCode()).isEqualTo(400);
    assertThat(http.get("/api/v1/series?match[]=" + q("sum(cpu)")).statusCode()).isEqualTo(400);
  }

  /** Grafana's ad-hoc filters, query builder and metrics browser send selectors without a name. */
  @Test
  void namelessSelectorsAnswerLikePrometheus() {
    assertThat(list(http.get("/api/v1/label/__name__/values?match[]=" + q("{release=\"v1\"}"))))
        .containsExactly("cpu", "lat");
    assertThat(list(http.get("/api/v1/labels?match[]=" + q("{route=\"/a\"}"))))
        .containsExactly("__name__", "route");
    JsonArray byName =
        new JsonObject(http.get("/api/v1/series?match[]=" + q("{__name__=~\"c.*\"}")).body())
            .getJsonArray("data");
    assertThat(byName).hasSize(2);
    JsonArray all =
        new JsonObject(http.get("/api/v1/series?match[]=" + q("{__name__!=\"\"}")).body())
            .getJsonArray("data");
    assertThat(all).hasSize(4);
    assertThat(http.get("/api/v1/series?match[]=" + q("{__name__=~\".*\"}")).statusCode())
        .as("a selector that matches everything is refused, as Prometheus refuses it")
        .isEqualTo(400);
    HttpResponse<String> r =
        http.get("/api/v1/query?query=" + q("{release=\"v1\"}") + "&time=" + (T / 1000));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonObject("data").getJsonArray("result"))
        .as("native histograms are read through histogram_*() only; the gauge is there")
        .hasSize(1);
  }

  @Test
  void formatQueryPrintsLikePrometheus() {
    assertThat(
            new JsonObject(
                    http.get(
                            "/api/v1/format_query?query="
                                + q(
                                    "sum   by(job)(rate(foo{b=\"2\",a=~\"1\"}[90m] offset 1m))"
                                        + "/on(job)group_left(x) bar @ end()"))
                        .body())
                .getString("data"))
        .isEqualTo(
            "sum by (job) (rate(foo{a=~\"1\",b=\"2\"}[1h30m] offset 1m)) / on (job) group_left (x)"
                + " bar @ end()");
    assertThat(http.get("/api/v1/format_query?query=" + q("sum(")).statusCode()).isEqualTo(400);
  }
}
