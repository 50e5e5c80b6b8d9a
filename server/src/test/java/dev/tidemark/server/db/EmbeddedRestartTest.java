package dev.tidemark.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.ChildServer;
import dev.tidemark.server.testing.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on its embedded default, as {@code ./bin/tidemark-server} runs it: killed with SIGKILL
 * it leaves its PostgreSQL running; the next start must succeed at the first attempt, keep what was
 * acknowledged, and run PostgreSQL durably (fsync, synchronous_commit, full_page_writes on).
 */
class EmbeddedRestartTest {

  @Test
  void restartsAtTheFirstAttemptAfterKillNine(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    Path pgData = data.resolve("postgres");
    try {
      killTwiceAndRestart(data, log, pgData);
    } finally {
      OrphanPostmaster.stopIfRunning(pgData, Duration.ofSeconds(30)); // the last round's orphan
    }
    assertThat(OrphanPostmaster.find(pgData)).isEmpty();
    assertThat(Files.readString(log)).contains("stopping the PostgreSQL an earlier server process");
  }

  private static void killTwiceAndRestart(Path data, Path log, Path pgData) throws Exception {
    long now = System.currentTimeMillis();
    for (int round = 1; round <= 2; round++) {
      // 40 s: the orphan is stopped in a few seconds; before the fix this start hung 61 s and
      // failed
      ChildServer child = ChildServer.start(null, data, log, Duration.ofSeconds(40));
      try {
        if (round == 1) {
          assertThat(settings(pgData)).containsExactly("on", "on", "on");
        }
        String body =
            "{\"agent\":\"restart\",\"batch\":"
                + round
                + ",\"samples\":[{\"metric\":\"restart_m\",\"labels\":{\"r\":\""
                + round
                + "\"},\"ts\":"
                + (now + round)
                + ",\"value\":"
                + round
                + "}]}";
        assertThat(
                new Http(child.port())
                    .post(
                        "/api/v1/ingest", "application/json", body.getBytes(StandardCharsets.UTF_8))
                    .statusCode())
            .isEqualTo(204);
        awaitRows(pgData, round);
      } finally {
        child.kill();
      }
      Optional<ProcessHandle> orphan = OrphanPostmaster.find(pgData);
      assertThat(orphan).as("PostgreSQL outlives a SIGKILLed server").isPresent();
    }
  }

  /** fsync, synchronous_commit, full_page_writes of the running embedded PostgreSQL. */
  private static List<String> settings(Path pgData) throws Exception {
    try (Connection c = connect(pgData);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('full_page_writes')")) {
      rs.next();
      return List.of(rs.getString(1), rs.getString(2), rs.getString(3));
    }
  }

  private static void awaitRows(Path pgData, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long rows = -1;
    while (System.nanoTime() < deadline) {
      try (Connection c = connect(pgData);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM samples")) {
        rs.next();
        rows = rs.getLong(1);
      }
      if (rows == expected) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(rows).as("rows stored").isEqualTo(expected);
  }

  /** The port is the fourth line of postmaster.pid. */
  private static Connection connect(Path pgData) throws Exception {
    List<String> pid = Files.readAllLines(pgData.resolve("postmaster.pid"));
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres?user=postgres");
  }
}
