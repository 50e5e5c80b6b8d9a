package dev.tidemark.server.storage.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.ingest.remotewrite.PromWrite;
import dev.tidemark.server.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers a test compares between a server reading through its head and one reading SQL alone:
 * PromQL range and instant queries (raw selectors, rate, increase, the *_over_time functions,
 * aggregations) and the raw points of every series through {@code /api/series/{id}/points}.
 */
final class HeadAnswers {
  static final List<String> RANGE =
      List.of(
          "hq_temp",
          "rate(hq_reqs_total[5m])",
          "sum by (g) (rate(hq_reqs_total[2m]))",
          "increase(hq_reqs_total[10m])",
          "max_over_time(hq_temp[3m])",
          "count_over_time(hq_temp[1m])",
          "last_over_time(hq_temp[10m])",
          "max by (g) (hq_temp)");

  private HeadAnswers() {}

  static void ingest(Tidemark server, String agent, long batch, List<Sample> samples) {
    HttpResponse<String> r =
        new Http(server.port())
            .post(
                "/api/v1/ingest",
                "application/json",
                BatchCodec.encode(new Batch(agent, batch, samples, List.of())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  /** The samples as one remote_write request (the columns path, handed to the head in memory). */
  static void remoteWrite(Tidemark server, List<Sample> samples) {
    PromWrite.Request request = PromWrite.request();
    for (Sample s : samples) {
      Map<String, String> labels = new LinkedHashMap<>(s.labels().asMap());
      labels.put("__name__", s.metric());
      request.series(labels, s.timestamp(), s.value());
    }
    HttpResponse<String> r =
        new Http(server.port())
            .post(
                "/api/v1/write",
                "application/x-protobuf",
                request.snappy(),
                "Content-Encoding",
                "snappy",
                "X-Prometheus-Remote-Write-Version",
                "0.1.0");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  static void caughtUp(Tidemark server) throws InterruptedException {
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
  }

  /** Every answer, by a name saying what was asked, over {@code [from, to]} (epoch ms). */
  static Map<String, Object> answers(Tidemark server, long from, long to) {
    Http http = new Http(server.port());
    Map<String, Object> out = new LinkedHashMap<>();
    for (String q : RANGE) {
      for (int step : new int[] {15, 60}) {
        String path =
            "/api/v1/query_range?query="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&start="
                + from / 1000.0
                + "&end="
                + to / 1000.0
                + "&step="
                + step;
        out.put(path, data(http.get(path)));
      }
      for (long at = from; at <= to; at += (to - from) / 7) {
        String path =
            "/api/v1/query?query="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)
                + "&time="
                + at / 1000.0;
        out.put(path, data(http.get(path)));
      }
    }
    JsonArray series =
        new JsonObject(http.get("/api/series?metric=hq_temp").body()).getJsonArray("series");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      ids.add(series.getJsonObject(i).getLong("id"));
    }
    assertThat(ids).isNotEmpty();
    for (long id : ids) {
      String path = "/api/series/" + id + "/points?tier=raw&from=" + from + "&to=" + to;
      HttpResponse<String> r = http.get(path);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      out.put(path, new JsonObject(r.body()));
    }
    return out;
  }

  private static Object data(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getValue("data");
  }

  /** The same answers from both servers, each compared on its own so a failure names it. */
  static void same(Tidemark withHead, Tidemark sqlOnly, long from, long to) {
    Map<String, Object> a = answers(withHead, from, to);
    Map<String, Object> b = answers(sqlOnly, from, to);
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String k : a.keySet()) {
      assertThat(a.get(k)).as(k).isEqualTo(b.get(k));
    }
  }

  /** Samples of {@code series} series (labels s, g) at rounds {@code [first, last]} every 15 s. */
  static List<Sample> rounds(long t0, int series, int first, int last, double shift) {
    List<Sample> out = new ArrayList<>();
    for (int r = first; r <= last; r++) {
      for (int s = 0; s < series; s++) {
        out.addAll(point(t0, s, r, shift));
      }
    }
    return out;
  }

  static List<Sample> point(long t0, int s, int round, double shift) {
    long ts = t0 + round * 15_000L + s * 7L;
    dev.tidemark.protocol.Labels labels =
        dev.tidemark.protocol.Labels.of("s", "s" + s, "g", "g" + (s % 3));
    return List.of(
        new Sample("hq_reqs_total", labels, ts, round * (s + 1.5) + shift),
        new Sample("hq_temp", labels, ts, Math.sin(round / 9.0 + s) * 20 + shift));
  }
}
