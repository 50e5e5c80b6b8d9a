package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.ChildServer;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.IngestLoad;
import dev.tidemark.server.testing.RoundRobinProxy;
import dev.tidemark.server.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart as the README describes it: two servers on one database behind one address;
 * while agents and remote_write writers send through that address, stop A gracefully (SIGTERM),
 * start it again, then the same with B. No writer sees a 5xx, and every acknowledged request is
 * stored exactly once.
 */
class RollingRestartTest {
  @Test
  void stoppingAndStartingEachServerInTurnCostsNoErrorAndNoSample(@TempDir Path dir)
      throws Exception {
    String url = TestDatabase.freshPostgres();
    Path log = dir.resolve("servers.log");
    String[] props = {
      "database.pool.size=4",
      "storage.timescaledb=off",
      "alerting.builtin.rules=none",
      "releases.scoring.interval=0s"
    };
    Duration ready = Duration.ofSeconds(60);
    int[] ports = {ChildServer.freePort(), ChildServer.freePort()};
    ChildServer[] servers = new ChildServer[2];
    try {
      // both at once: a child's start is mostly JVM and class loading
      CompletableFuture<ChildServer> second =
          ChildServer.startInBackground(url, dir.resolve("s1"), log, ports[1], ready, props);
      servers[0] = ChildServer.start(url, dir.resolve("s0"), log, ports[0], ready, props);
      servers[1] = second.join();
      try (RoundRobinProxy proxy = RoundRobinProxy.start(ports)) {
        IngestLoad load = IngestLoad.start(proxy.port(), 2, 2);
        try {
          load.awaitMore(50);
          for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            servers[i].close(); // SIGTERM: stop accepting, finish what is in flight, exit
            System.out.printf(
                "server %d stopped in %d ms%n", i, (System.nanoTime() - t0) / 1_000_000);
            load.awaitMore(100); // the other one takes everything
            t0 = System.nanoTime();
            servers[i] = ChildServer.start(url, dir.resolve("s" + i), log, ports[i], ready, props);
            System.out.printf(
                "server %d started in %d ms%n", i, (System.nanoTime() - t0) / 1_000_000);
            load.awaitMore(50);
          }
        } finally {
          load.stop();
        }
        for (int port : ports) {
          awaitStored(new Http(port));
        }
        assertThat(load.serverErrors()).as("5xx answers seen by writers").isEmpty();
        load.assertStoredExactlyOnce(url);
        assertThat(proxy.connections(0)).isPositive();
        assertThat(proxy.connections(1)).isPositive();
        System.out.printf(
            "rolling restart: %d requests acknowledged, %d resent after a lost connection%n",
            load.acknowledged(), load.transportErrors());
      }
    } finally {
      for (ChildServer s : servers) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  static void awaitStored(Http http) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (http.get("/metrics").body().contains("\ntidemark_wal_lag_entries 0.0\n")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the writer did not catch up in 60 s");
  }
}
