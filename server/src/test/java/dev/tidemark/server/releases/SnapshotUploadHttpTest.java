package dev.tidemark.server.releases;

import static dev.tidemark.server.releases.ReleaseFixtures.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snapshot uploads: malformed files, multipart detection, scope and body limit. */
class SnapshotUploadHttpTest extends TwoReleasesHttpTest {
  @Test
  void aMalformedFileIsRefusedByNameAndLineAndNothingIsStored() {
    JsonObject body = ReleaseFixtures.snapshotBody("v2", null);
    JsonArray artifacts = body.getJsonArray("artifacts");
    String lock = dev.tidemark.releases.Fixture.resource("releases/shop/v2/package-lock.json");
    artifacts.add(
        new JsonObject()
            .put("name", "web/package-lock.json")
            .put("content", lock.substring(0, lock.length() / 2)));
    HttpResponse<String> r = postJson(http, "/api/releases/v2.0.0/snapshot", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error"))
        .startsWith("cannot parse web/package-lock.json: malformed JSON")
        .containsPattern("line=\\d+");
    assertThat(http.get("/api/releases/v2.0.0?service=shop").statusCode()).isEqualTo(404);

    JsonObject bad =
        new JsonObject()
            .put("service", "shop")
            .put(
                "artifacts",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "requirements.txt")
                            .put("content", "requests==2.0\n???\n")));
    HttpResponse<String> r2 = postJson(http, "/api/releases/v2.0.0/snapshot", bad);
    assertThat(r2.statusCode()).isEqualTo(400);
    assertThat(r2.body()).contains("cannot parse requirements.txt").contains("line=2");
    assertThat(postJson(http, "/api/releases/v2.0.0/snapshot", new JsonObject()).statusCode())
        .isEqualTo(400);
    assertThat(http.get("/api/releases/v2.0.0?service=shop").statusCode()).isEqualTo(404);
  }

  @Test
  void multipartSnapshotDetectsEachFileByNameAndContent() {
    String boundary = "----tidemark-test-boundary";
    StringBuilder b = new StringBuilder();
    b.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"commit\"\r\n\r\nabc123\r\n");
    for (String f : List.of("go.sum", "requirements.txt", "jacoco.xml", "environment.json")) {
      b.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
          .append(f)
          .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
          .append(dev.tidemark.releases.Fixture.resource("releases/shop/v1/" + f))
          .append("\r\n");
    }
    b.append("--").append(boundary).append("--\r\n");
    HttpResponse<String> r =
        http.post(
            "/api/releases/v0.9.0/snapshot?service=multipart",
            "multipart/form-data; boundary=" + boundary,
            b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonObject snap = new JsonObject(r.body());
    assertThat(snap.getInteger("dependencies")).isEqualTo(5);
    assertThat(snap.getJsonObject("coverage").getDouble("line_pct")).isEqualTo(90.0);
    assertThat(snap.getJsonArray("artifacts").encode())
        .contains(
            "\"kind\":\"go_sum\"",
            "\"kind\":\"pip_requirements\"",
            "\"kind\":\"jacoco_xml\"",
            "\"kind\":\"environment_json\"");
    JsonObject release = new JsonObject(http.get("/api/releases/v0.9.0?service=multipart").body());
    assertThat(release.getString("commit")).isEqualTo("abc123");
    long id = release.getJsonArray("snapshots").getJsonObject(0).getLong("id");
    assertThat(
            new JsonObject(http.get("/api/environment/" + id).body())
                .getJsonObject("environment")
                .getString("jvm"))
        .isEqualTo("17.0.9");

    JsonObject other = new JsonObject().put("service", "other").put("artifacts", new JsonArray());
    assertThat(postJson(http, "/api/releases/v0.9.0/snapshot", other).statusCode()).isEqualTo(201);
    HttpResponse<String> ambiguous = http.get("/api/releases/v0.9.0");
    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(ambiguous.body())
        .contains("several services have it; add ?service= [services=multipart,other]");
  }

  @Test
  void snapshotsNeedTheWriteScopeAndRespectTheirBodyLimit() throws Exception {
    try (Tidemark secured =
        TestServer.start(
            Map.of(
                ConfigKey.AUTH_TOKENS, "reader-token-0123456:read,writer-token-0123456:read+write",
                ConfigKey.RELEASES_BODY_LIMIT, "2KiB"))) {
      Http h = new Http(secured.port());
      byte[] body =
          new JsonObject()
              .put("service", "s")
              .put("artifacts", new JsonArray())
              .encode()
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(h.post("/api/releases/v1/snapshot", "application/json", body).statusCode())
          .isEqualTo(401);
      assertThat(
              h.post(
                      "/api/releases/v1/snapshot",
                      "application/json",
                      body,
                      "Authorization",
                      "Bearer reader-token-0123456")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              h.post(
                      "/api/releases/v1/snapshot",
                      "application/json",
                      body,
                      "Authorization",
                      "Bearer writer-token-0123456")
                  .statusCode())
          .isEqualTo(201);
      assertThat(
              h.get("/api/releases", "Authorization", "Bearer reader-token-0123456").statusCode())
          .isEqualTo(200);
      HttpResponse<String> big =
          h.post(
              "/api/releases/v2/snapshot",
              "application/json",
              new byte[4096],
              "Authorization",
              "Bearer writer-token-0123456");
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(big.body()).contains("releases.body.limit [maxBytes=2048]");
    }
  }
}
