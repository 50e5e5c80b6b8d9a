package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code wal.writer.nice}: the storage writer's threads and, on the embedded database, the database
 * sessions it stores through run at that nice value; the sessions that answer queries and the
 * postmaster stay where they were.
 */
class WriterPriorityTest {
  @Test
  void theWriterAndItsSessionsRunAtTheirNiceValue() throws Exception {
    Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self")), "needs Linux's /proc");
    Path dir = Files.createTempDirectory("tidemark-nice");
    try (Tidemark server =
        TestServer.start(
            "",
            dir,
            Map.of(
                ConfigKey.DATABASE_EMBEDDED_DURABILITY, "fast", ConfigKey.WAL_WRITER_NICE, "7"))) {
      long now = System.currentTimeMillis();
      Batch batch =
          new Batch("nice", 1, List.of(new Sample("wp_x", Labels.of("a", "b"), now, 1)), List.of());
      assertThat(
              new Http(server.port())
                  .post("/api/v1/ingest", "application/json", BatchCodec.encode(batch))
                  .statusCode())
          .isEqualTo(204);
      assertThat(server.writer().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      // a query, so the read pool has a session that has answered something
      assertThat(new Http(server.port()).get("/api/v1/query?query=wp_x").statusCode())
          .isEqualTo(200);

      List<Integer> writerThreads = new ArrayList<>();
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          String name = read(task.resolve("comm")).trim();
          if (name.startsWith("tidemark-storag") || name.startsWith("tidemark-wal-re")) {
            writerThreads.add(nice(task.resolve("stat")));
          }
        }
      }
      assertThat(writerThreads).contains(7);

      long postmaster =
          Long.parseLong(
              read(dir.resolve("postgres").resolve("postmaster.pid"))
                  .lines()
                  .findFirst()
                  .orElseThrow()
                  .trim());
      assertThat(nice(Path.of("/proc", Long.toString(postmaster), "stat"))).isZero();
      List<Integer> sessions = new ArrayList<>();
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          if (p.getFileName().toString().matches("\\d+")
              && parent(p) == postmaster
              && quietly(p.resolve("cmdline")).contains("127.0.0.1")) {
            sessions.add(nice(p.resolve("stat")));
          }
        }
      }
      assertThat(sessions).as("client sessions' nice values").contains(7).contains(0);
      // the lowered sessions are the writer's own pool's: never one the head feed, alerting or
      // uploads take (the head feed has created this series through the main pool)
      Map<Long, String> pools =
          server
              .storage()
              .database()
              .withConnection(
                  c -> {
                    Map<Long, String> found = new HashMap<>();
                    try (ResultSet rs =
                        c.createStatement()
                            .executeQuery(
                                "SELECT pid, application_name FROM pg_stat_activity"
                                    + " WHERE application_name LIKE 'tidemark%'")) {
                      while (rs.next()) {
                        found.put(rs.getLong(1), rs.getString(2));
                      }
                    }
                    return found;
                  });
      for (Map.Entry<Long, String> session : pools.entrySet()) {
        String stat = quietly(Path.of("/proc", Long.toString(session.getKey()), "stat"));
        if (!stat.isEmpty()) {
          assertThat(niceOf(stat))
              .as("nice of session %d (%s)", session.getKey(), session.getValue())
              .isEqualTo(session.getValue().equals("tidemark-background") ? 7 : 0);
        }
      }
      assertThat(pools).containsValue("tidemark-background").containsValue("tidemark");
    }
  }

  /** Field 19 of a {@code stat} file: the nice value. */
  private static int nice(Path stat) throws IOException {
    return niceOf(read(stat));
  }

  private static int niceOf(String s) {
    String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }

  private static long parent(Path proc) {
    try {
      String s = read(proc.resolve("stat"));
      return Long.parseLong(s.substring(s.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return -1; // ended meanwhile
    }
  }

  /** The file's text, or "" when its process has ended meanwhile. */
  private static String quietly(Path p) {
    try {
      return read(p);
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
  }
}
