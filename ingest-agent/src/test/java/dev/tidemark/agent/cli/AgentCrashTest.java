package dev.tidemark.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.agent.status.StatusFile;
import dev.tidemark.agent.testing.Rows;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCrashTest {
  private static final int SAMPLES = 6000;

  @TempDir Path dir;
  private Process process;

  @AfterEach
  void killLeftover() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sigkilledMidShipThenRestartedLosesAndRepeatsNothing() throws Exception {
    Path spool = dir.resolve("spool");
    long now = System.currentTimeMillis();
    try (Spool s = Spool.open(spool, new SpoolOptions(64 << 20, "hourly"), -1)) {
      for (int i = 0; i < SAMPLES; i++) {
        s.append(new Sample("crash_test", Labels.of("host", "h1"), now - SAMPLES + i, i));
      }
    }
    String db = TestDatabase.freshPostgres();
    try (Tidemark server = TestServer.start(db, Map.of())) {
      Path config = dir.resolve("agent.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "agent.id=crash-test",
              "agent.server.url=http://127.0.0.1:" + server.port(),
              "agent.spool.dir=" + spool,
              "agent.ship.batch.size=40",
              "agent.ship.batch.age=20ms",
              "agent.ship.backoff.initial=20ms",
              "agent.ship.backoff.max=200ms",
              "agent.collect.enabled=false",
              "agent.record.port=-1",
              "agent.status.interval=50ms"),
          StandardCharsets.UTF_8);
      Path log = dir.resolve("agent.log");

      process = AgentProcess.start(config, log);
      long firstPid = process.pid();
      awaitStatus(spool, firstPid, s -> Long.parseLong(s.get("shippedBatches")) >= 5, log);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long atKill = Rows.samples(db, "crash_test")[0];
      System.err.println("crash test: rows at kill " + atKill);

      process = AgentProcess.start(config, log);
      long secondPid = process.pid();
      awaitStatus(spool, secondPid, s -> s.get("backlogEntries").equals("0"), log);
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

      Rows.awaitAtLeast(db, "crash_test", SAMPLES);
      assertThat(atKill).isLessThanOrEqualTo(SAMPLES);
    }
    assertThat(Rows.samples(db, "crash_test")).containsExactly(SAMPLES, SAMPLES);
  }

  /**
   * Scraping, killed twice: once while shipping, once right after the server came back from an
   * outage (the agent then had to define its series anew: 409, new epoch). Every scrape the agent
   * received is stored once, but the one in flight at each kill; a series that vanished ends with
   * one staleness marker.
   */
  @Test
  void scrapingSurvivesSigkillsAndAServerOutageExactlyOnce() throws Exception {
    AtomicInteger served = new AtomicInteger();
    AtomicBoolean down = new AtomicBoolean();
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/metrics",
        ex -> {
          if (down.get()) {
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
          }
          int n = served.incrementAndGet();
          StringBuilder page = new StringBuilder("# TYPE scrape_seq gauge\nscrape_seq " + n + "\n");
          if (n <= 5) {
            page.append("gone_later 1\n");
          }
          for (int i = 0; i < 20; i++) {
            page.append("scrape_static{i=\"").append(i).append("\"} ").append(n).append('\n');
          }
          byte[] b = page.toString().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    target.start();
    Path spool = dir.resolve("spool");
    String db = TestDatabase.freshPostgres();
    Tidemark server = TestServer.start(db, Map.of());
    int port = server.port();
    try {
      Path config = dir.resolve("agent.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "agent.id=scrape-crash",
              "agent.server.url=http://127.0.0.1:" + port,
              "agent.spool.dir=" + spool,
              "agent.ship.batch.age=20ms",
              "agent.ship.backoff.initial=20ms",
              "agent.ship.backoff.max=200ms",
              "agent.collect.enabled=false",
              "agent.record.port=-1",
              "agent.status.interval=50ms",
              "agent.scrape.interval=100ms",
              "agent.scrape.targets=http://127.0.0.1:"
                  + target.getAddress().getPort()
                  + "/metrics"),
          StandardCharsets.UTF_8);
      Path log = dir.resolve("agent.log");

      process = AgentProcess.start(config, log);
      long pid = process.pid();
      awaitStatus(
          spool, pid, s -> served.get() >= 10 && Long.parseLong(s.get("shippedBatches")) >= 5, log);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill 1: mid-ship

      process = AgentProcess.start(config, log);
      long pid2 = process.pid();
      awaitStatus(spool, pid2, s -> Long.parseLong(s.get("shippedBatches")) >= 5, log);
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
      server.close(); // outage: the agent keeps scraping into its spool and retries
      int before = served.get();
      while (served.get() < before + 10) {
        Thread.sleep(20);
      }
      server = TestServer.start(db, Map.of(ConfigKey.HTTP_PORT, Integer.toString(port)));
      awaitStatus(
          spool,
          pid2,
          s -> Long.parseLong(s.get("newEpochs")) >= 1 && s.get("retrying").equals("false"),
          log);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill 2: just after the outage

      process = AgentProcess.start(config, log);
      long pid3 = process.pid();
      int seen = served.get();
      awaitStatus(spool, pid3, s -> served.get() >= seen + 10, log);
      down.set(true); // the target goes away: its series end with staleness markers
      Thread.sleep(300);
      awaitStatus(spool, pid3, s -> s.get("backlogEntries").equals("0"), log);
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    } finally {
      server.close();
      target.stop(0);
    }
    long[] seq = Rows.samples(db, "scrape_seq");
    System.err.println("scrape crash test: served " + served.get() + ", stored " + seq[0]);
    assertThat(seq[1]).as("no scrape stored twice").isEqualTo(seq[0]);
    assertThat(seq[0])
        .as("at most the scrape in flight at each kill is lost")
        .isBetween((long) served.get() - 2, (long) served.get());
    assertThat(Rows.samples(db, "scrape_static")).containsExactly(seq[0] * 20, seq[0] * 20);
    assertThat(staleMarkers(db, "gone_later")).isEqualTo(1);
    assertThat(staleMarkers(db, "scrape_seq")).isEqualTo(1);
  }

  private static long staleMarkers(String db, String metric) throws Exception {
    try (Connection c = DriverManager.getConnection(db);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM stale_markers m JOIN series r ON r.id = m.series_id"
                    + " WHERE r.metric = ?")) {
      ps.setString(1, metric);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void awaitStatus(
      Path spool, long pid, java.util.function.Predicate<Map<String, String>> done, Path log)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Path file = StatusFile.in(spool);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "agent exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.exists(file)) {
        Map<String, String> s = StatusFile.read(file);
        if (s.get("pid").equals(Long.toString(pid)) && done.test(s)) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("timed out waiting for the agent:\n" + Files.readString(log));
  }
}
