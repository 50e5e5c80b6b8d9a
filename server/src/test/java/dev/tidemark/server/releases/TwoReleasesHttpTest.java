package dev.tidemark.server.releases;

import static dev.tidemark.server.releases.ReleaseFixtures.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A server with two releases of a service: benchmark runs with a known 10% regression in one
 * operation, fixture snapshots in four ecosystems, and the comparison of the two. Each test class
 * built on it gets its own server.
 */
abstract class TwoReleasesHttpTest {
  static Tidemark server;
  static Http http;
  static JsonObject comparison;

  @BeforeAll
  static void twoReleases() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.RELEASES_CRITICAL_OPERATIONS, "checkout"));
    http = new Http(server.port());
    comparison = twoReleases(server, http);
  }

  /** Runs, snapshots and the comparison of v1.0.0 and v1.1.0 on {@code server}. */
  static JsonObject twoReleases(Tidemark server, Http http) throws Exception {
    long now = System.currentTimeMillis();
    ReleaseFixtures.ingestRuns(http, "v1.0.0", null, 1.0, 1, now - 3_600_000);
    ReleaseFixtures.ingestRuns(http, "v1.1.0", "checkout", 1.10, 2, now - 1_800_000);
    ReleaseFixtures.ingestHistograms(http, "v1.0.0", 3, now - 3_000_000);
    ReleaseFixtures.ingestHistograms(http, "v1.1.0", 4, now - 1_200_000);
    assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
    HttpResponse<String> s1 =
        postJson(http, "/api/releases/v1.0.0/snapshot", ReleaseFixtures.snapshotBody("v1", null));
    assertThat(s1.statusCode()).as(s1.body()).isEqualTo(201);
    HttpResponse<String> s2 =
        postJson(
            http, "/api/releases/v1.1.0/snapshot", ReleaseFixtures.snapshotBody("v2", "v1.0.0"));
    assertThat(s2.statusCode()).as(s2.body()).isEqualTo(201);
    HttpResponse<String> c =
        postJson(
            http,
            "/api/comparisons",
            new JsonObject().put("service", "shop").put("candidate", "v1.1.0"));
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    return new JsonObject(c.body());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }
}
