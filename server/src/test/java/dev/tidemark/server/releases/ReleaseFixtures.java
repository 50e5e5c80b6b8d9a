package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.server.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Synthetic benchmark runs and fixture snapshots, sent through HTTP. */
final class ReleaseFixtures {
  static final String SERVICE = "shop";
  static final Map<String, Double> OPERATIONS =
      Map.of("checkout", 300.0, "login", 120.0, "search", 45.0);
  static final List<String> FILES =
      List.of(
          "dependency-list.txt",
          "package-lock.json",
          "requirements.txt",
          "go.sum",
          "TEST-shop.CartTest.xml",
          "jacoco.xml",
          "osv-scanner.json",
          "environment.json");

  private ReleaseFixtures() {}

  /**
   * 30 runs of {@code bench_latency_ms} per operation, each with 1% Gaussian noise; {@code slower}
   * multiplies one operation's level.
   */
  static void ingestRuns(
      Http http, String release, String slower, double factor, long seed, long startMs) {
    Random random = new Random(seed);
    JsonArray samples = new JsonArray();
    for (Map.Entry<String, Double> op : OPERATIONS.entrySet()) {
      double level = op.getValue() * (op.getKey().equals(slower) ? factor : 1);
      for (int run = 0; run < 30; run++) {
        samples.add(
            new JsonObject()
                .put("metric", "bench_latency_ms")
                .put(
                    "labels",
                    new JsonObject()
                        .put("service", SERVICE)
                        .put("release", release)
                        .put("operation", op.getKey()))
                .put("ts", startMs + run * 1000L)
                .put("value", level * (1 + 0.01 * random.nextGaussian())));
      }
    }
    JsonObject batch =
        new JsonObject().put("agent", "bench-" + release).put("batch", 1).put("samples", samples);
    HttpResponse<String> r =
        http.post(
            "/api/v1/ingest", "application/json", batch.encode().getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  /**
   * 20 latency histograms of operation {@code pay} (the agent's {@code op} label), 50 values each
   * around 2 ms: one run per histogram, the same level in every release.
   */
  static void ingestHistograms(Http http, String release, long seed, long startMs) {
    Random random = new Random(seed);
    List<HistogramSample> histograms = new java.util.ArrayList<>();
    for (int run = 0; run < 20; run++) {
      Histogram h = new Histogram(3);
      for (int i = 0; i < 50; i++) {
        h.recordValue(Math.round(2000 * (1 + 0.01 * random.nextGaussian())));
      }
      histograms.add(
          new HistogramSample(
              "pay_latency",
              Labels.of("service", SERVICE, "release", release, "op", "pay"),
              startMs + run * 1000L,
              "us",
              h));
    }
    byte[] body = BatchCodec.encode(new Batch("hist-" + release, 1, List.of(), histograms));
    HttpResponse<String> r = http.post("/api/v1/ingest", "application/json", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  /** The JSON snapshot request for the fixture project {@code dir} ({@code v1}, {@code v2}). */
  static JsonObject snapshotBody(String dir, String baseline) {
    JsonArray artifacts = new JsonArray();
    for (String f : FILES) {
      String text = dev.tidemark.releases.Fixture.resource("releases/shop/" + dir + "/" + f);
      if (text != null) {
        artifacts.add(new JsonObject().put("name", f).put("content", text));
      }
    }
    return new JsonObject()
        .put("service", SERVICE)
        .put("commit", "c0ffee-" + dir)
        .put("baseline", baseline)
        .put("artifacts", artifacts);
  }

  static HttpResponse<String> postJson(Http http, String path, JsonObject body) {
    return http.post(path, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }
}
