package dev.tidemark.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Release markers and detected change points as Grafana annotations. */
class AnnotationHttpTest {
  @Test
  void releasesAndChangePointsComeBackAsAnnotations() throws Exception {
    try (Tidemark server = TestServer.start(Map.of())) {
      Http http = new Http(server.port());
      long now = System.currentTimeMillis() / 60_000 * 60_000;
      long start = now - 120 * 60_000L;
      long shift = start + 60 * 60_000L;
      Random random = new Random(4);
      List<Sample> samples = new ArrayList<>();
      for (long t = start; t < now; t += 30_000) {
        double level = t < shift ? 100 : 150;
        samples.add(
            new Sample(
                "ann_m",
                Labels.of("service", "shop", "release", "v9"),
                t,
                level + random.nextGaussian()));
      }
      byte[] body = BatchCodec.encode(new Batch("ann", 1, samples, List.of()));
      assertThat(http.post("/api/v1/ingest", "application/json", body).statusCode()).isEqualTo(204);
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      server.storage().maintain(); // the pass that runs every minute: late data into the tiers

      String query = URLEncoder.encode("avg(ann_m) step 1m", StandardCharsets.UTF_8);
      HttpResponse<String> r =
          http.get(
              "/api/annotations?service=shop&from="
                  + (start - 3_600_000L)
                  + "&to="
                  + (now + 3_600_000L)
                  + "&query="
                  + query);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonArray annotations = new JsonArray(r.body());
      List<JsonObject> releases = new ArrayList<>();
      List<JsonObject> changes = new ArrayList<>();
      for (int i = 0; i < annotations.size(); i++) {
        JsonObject a = annotations.getJsonObject(i);
        (a.getJsonArray("tags").contains("release") ? releases : changes).add(a);
      }
      assertThat(releases).extracting(a -> a.getString("title")).containsExactly("release v9");
      assertThat(changes).hasSize(1);
      assertThat(changes.get(0).getLong("time")).isBetween(shift - 180_000L, shift + 180_000L);
      assertThat(changes.get(0).getString("text"))
          .matches("level (99|100)\\.\\d+ → (149|150)\\.\\d+ \\(\\+(49|50)\\.\\d%\\), p=.*");

      HttpResponse<String> bad =
          http.get("/api/annotations?query=" + URLEncoder.encode("avg(", StandardCharsets.UTF_8));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("cannot parse query");
      assertThat(http.get("/api/annotations?from=later").statusCode()).isEqualTo(400);
    }
  }
}
