package dev.tidemark.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.ChildServer;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.IngestLoad;
import dev.tidemark.server.testing.RoundRobinProxy;
import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.StreamingReplica;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers on a PostgreSQL 15 primary whose queries read from a streaming replica of it ({@code
 * database.read.url}): queries see the replica (and only what it has replayed), the lag is in
 * {@code /metrics} and {@code /ready}; two servers under load from agents and remote_write, one
 * killed with SIGKILL and restarted, store every acknowledged sample exactly once, and the replica
 * answers the same once it has caught up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingReplicaTest {
  StreamingReplica pg;

  @BeforeAll
  void start() throws Exception {
    StreamingReplica.assumeAvailable();
    pg = StreamingReplica.start();
  }

  @AfterAll
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void queriesReadFromTheReplicaAndItsLagIsVisible() throws Exception {
    String db = pg.freshDatabase();
    try (Tidemark server =
        TestServer.start(
            pg.primaryUrl(db),
            Map.of(
                ConfigKey.DATABASE_READ_URL,
                pg.replicaUrl(db),
                ConfigKey.STORAGE_TIMESCALEDB,
                "off"))) {
      Http http = new Http(server.port());
      assertThat(ingest(http, "replica_before")).isEqualTo(204);
      awaitStored(http);
      pg.awaitReplayed();
      assertThat(promql(http, "replica_before")).hasSize(1);

      pg.pauseReplay(true);
      try {
        assertThat(ingest(http, "replica_paused")).isEqualTo(204);
        awaitStored(http);
        assertThat(
                Sql.count(
                    pg.primaryUrl(db),
                    "SELECT count(*) FROM series WHERE metric = 'replica_paused'"))
            .isEqualTo(1);
        // stored on the primary, not yet replayed: the query does not see it
        assertThat(promql(http, "replica_paused")).isEmpty();
        await(
            "the replica's byte lag in /metrics",
            () -> gauge(http, "tidemark_database_replica_lag_bytes") > 0);
        JsonObject replica =
            new JsonObject(http.get("/ready").body())
                .getJsonObject("detail")
                .getJsonObject("replica");
        assertThat(replica.getBoolean("up")).isTrue();
        assertThat(replica.getBoolean("standby")).isTrue();
        assertThat(replica.getLong("lag_bytes")).isPositive();
      } finally {
        pg.pauseReplay(false);
      }
      pg.awaitReplayed();
      // the query may trail the replay check by a moment (it failed at once, once in CI): wait
      await("the sample through the replica", () -> promql(http, "replica_paused").size() == 1);
      assertThat(gauge(http, "tidemark_database_replica_up")).isEqualTo(1);
      assertThat(
              Sql.count(
                  pg.replicaUrl("postgres"),
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tidemark'"))
          .as("the read pool's connections on the replica")
          .isPositive();
    }
  }

  @Test
  void twoServersOneKilledUnderLoadNothingLostOrDoubledAndTheReplicaAgrees(@TempDir Path dir)
      throws Exception {
    String db = pg.freshDatabase();
    String primary = pg.primaryUrl(db);
    Path log = dir.resolve("servers.log");
    String[] props = {
      "database.read.url=" + pg.replicaUrl(db),
      "database.pool.size=4",
      "storage.timescaledb=off",
      "alerting.builtin.rules=none",
      "releases.scoring.interval=0s"
    };
    int portA = ChildServer.freePort();
    int portB = ChildServer.freePort();
    Duration ready = Duration.ofSeconds(60);
    CompletableFuture<ChildServer> starting =
        ChildServer.startInBackground(primary, dir.resolve("b"), log, portB, ready, props);
    ChildServer a = ChildServer.start(primary, dir.resolve("a"), log, portA, ready, props);
    try (ChildServer b = starting.join();
        RoundRobinProxy proxy = RoundRobinProxy.start(portA, b.port())) {
      IngestLoad load = IngestLoad.start(proxy.port(), 2, 2);
      try {
        load.awaitMore(100);
        assertThat(proxy.connections(0)).as("writers connected to A").isPositive();
        a.kill(); // SIGKILL under load: its connections break, the writers resend through B
        load.awaitMore(100);
        a = ChildServer.start(primary, dir.resolve("a"), log, portA, ready, props);
        load.awaitMore(100);
      } finally {
        load.stop();
      }
      awaitStored(new Http(a.port()));
      awaitStored(new Http(b.port()));
      assertThat(proxy.connections(0)).isPositive();
      assertThat(proxy.connections(1)).isPositive();
      load.assertStoredExactlyOnce(primary);
      System.out.printf(
          "kill under load: %d requests acknowledged, %d resent after a lost connection%n",
          load.acknowledged(), load.transportErrors());

      pg.awaitReplayed();
      load.assertStoredExactlyOnce(pg.replicaUrl(db));
      for (Http http : new Http[] {new Http(a.port()), new Http(b.port())}) {
        for (String metric : new String[] {"load_agent", "load_rw"}) {
          JsonArray result = promql(http, "sum(count_over_time(" + metric + "[30m]))");
          assertThat(result).hasSize(1);
          assertThat(Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1)))
              .as("%s read through the replica", metric)
              .isEqualTo((double) load.samples(metric));
        }
      }
    } finally {
      a.close();
    }
  }

  static int ingest(Http http, String metric) {
    String body =
        "{\"agent\":\"probe\",\"batch\":"
            + System.nanoTime()
            + ",\"samples\":[{\"metric\":\""
            + metric
            + "\",\"labels\":{},\"ts\":"
            + (System.currentTimeMillis() - 1000)
            + ",\"value\":1}]}";
    return http.post("/api/v1/ingest", "application/json", body.getBytes(StandardCharsets.UTF_8))
        .statusCode();
  }

  static JsonArray promql(Http http, String query) {
    String path =
        "/api/v1/query?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8)
            + "&time="
            + System.currentTimeMillis() / 1000.0;
    JsonObject body = new JsonObject(http.get(path).body());
    assertThat(body.getString("status")).as(body.encode()).isEqualTo("success");
    return body.getJsonObject("data").getJsonArray("result");
  }

  /** Waits until the server's write-ahead queue is all in the database. */
  static void awaitStored(Http http) throws InterruptedException {
    await(
        "the writer to catch up",
        () -> http.get("/metrics").body().contains("\ntidemark_wal_lag_entries 0.0\n"));
  }

  static double gauge(Http http, String name) {
    Matcher m = Pattern.compile("\n" + name + " (\\S+)\n").matcher(http.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("waited 60 s for " + what);
  }
}
