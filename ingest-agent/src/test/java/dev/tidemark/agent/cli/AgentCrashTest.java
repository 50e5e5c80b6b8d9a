package dev.tidemark.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.agent.status.StatusFile;
import dev.tidemark.agent.testing.Rows;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
