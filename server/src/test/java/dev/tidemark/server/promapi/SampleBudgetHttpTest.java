package dev.tidemark.server.promapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.promql.SampleBudget;
import dev.tidemark.query.source.DataSource;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.server.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Queries running at once share one sample budget: while one holds most of it (a range vector,
 * answered as it was read), another whose series would pass it is a 503 {@code unavailable} with
 * Retry-After, and it runs once the first has ended.
 */
class SampleBudgetHttpTest {
  static final long T0 = 1_700_000_400_000L;
  static final long T = T0 + 20 * 60_000;

  /**
   * 81 samples of {@code reqs_total} in the 20-minute window ending at T: read and reduced, held
   * while the series is evaluated.
   */
  static final String READS_81 = "sum_over_time(reqs_total[20m])";

  /** The same samples answered as they are: a range vector holds them until the query ends. */
  static final String HOLDS_81 = "reqs_total[20m]";

  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void aQueryThatWouldPassWhatOthersLeaveIs503AndRunsOnceTheyEnd() throws Exception {
    InMemoryDataSource data = InMemoryDataSource.create().declare("reqs_total", MetricKind.COUNTER);
    for (int k = 0; k <= 80; k++) {
      Instant t = Instant.ofEpochMilli(T0 + k * 15_000L);
      data.add("reqs_total", Map.of("route", "/a"), t, 10.0 * k);
    }
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicBoolean gate = new AtomicBoolean(true);
    DataSource gated =
        new DataSource() {
          @Override
          public MetricKind kind(String metric) {
            return data.kind(metric);
          }

          @Override
          public List<SeriesData> fetch(SeriesFetch f) {
            return data.fetch(f);
          }

          @Override
          public void fetchEach(SeriesFetch f, Consumer<SeriesData> each) {
            data.fetch(f).forEach(each);
            if (gate.compareAndSet(true, false)) { // the first query waits, holding what it read
              reading.countDown();
              try {
                proceed.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public List<SeriesData> staleMarkers(SeriesFetch f) {
            return data.staleMarkers(f);
          }
        };
    SampleBudget budget = new SampleBudget(150);
    PromStorage storage =
        new PromStorage() {
          @Override
          public Future<dev.tidemark.query.promql.PromResult> evaluate(
              Function<DataSource, dev.tidemark.query.promql.PromResult> work) {
            return vertx.executeBlocking(() -> work.apply(gated), false);
          }

          @Override
          public SampleBudget budget() {
            return budget;
          }
        };
    Clock clock = Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC);
    Http http = new Http(serve(new PromApi(storage, new ListCatalog(List.of()), clock)));

    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(() -> query(http, HOLDS_81));
    assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(budget.held()).isEqualTo(81);

    HttpResponse<String> refused = query(http, READS_81);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    JsonObject error = new JsonObject(refused.body());
    assertThat(error.getString("errorType")).isEqualTo("unavailable");
    assertThat(error.getString("error"))
        .isEqualTo(
            "cannot evaluate query: the queries running now hold too many raw samples"
                + " [held=81, asked=81, budget=150]; retry shortly");
    assertThat(budget.held()).isEqualTo(81); // the refused query gave back what it took

    proceed.countDown();
    HttpResponse<String> done = first.get(30, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(budget.held()).isZero();
    HttpResponse<String> again = query(http, READS_81);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getJsonObject("data").getJsonArray("result"))
        .hasSize(1);
    assertThat(budget.held()).isZero();
  }

  static HttpResponse<String> query(Http http, String promql) {
    return http.get(
        "/api/v1/query?time="
            + T / 1000
            + "&query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  int serve(PromApi api) throws Exception {
    Router router = Router.router(vertx);
    api.mount(router, (io.vertx.ext.web.handler.PlatformHandler) ctx -> ctx.next());
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get()
        .actualPort();
  }
}
