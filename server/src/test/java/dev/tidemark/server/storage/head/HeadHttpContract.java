package dev.tidemark.server.storage.head;

import static dev.tidemark.server.storage.head.HeadAnswers.caughtUp;
import static dev.tidemark.server.storage.head.HeadAnswers.ingest;
import static dev.tidemark.server.storage.head.HeadAnswers.point;
import static dev.tidemark.server.storage.head.HeadAnswers.rounds;
import static dev.tidemark.server.storage.head.HeadAnswers.same;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server reading recent raw samples through its head answers PromQL and raw-point reads exactly
 * as a server on the same database reading SQL alone: after in-order, out-of-order and repeated
 * writes (the first value stored wins, within a request too), after a restart (a new process, its
 * head empty, starting after what is stored), with late samples older than the head's start, and
 * when the head evicts by its sample cap and window. Subclasses name the database.
 */
abstract class HeadHttpContract {
  static final int SERIES = 6;

  abstract String jdbcUrl();

  @Test
  void answersAreTheSqlOnesThroughResendsRestartsAndEviction() throws Exception {
    String url = jdbcUrl();
    Path dir = Files.createTempDirectory("tidemark-head");
    long now = System.currentTimeMillis() / 1000 * 1000;
    long t0 = now - 45 * 60_000;
    try (Tidemark sqlOnly =
        TestServer.start(url, Map.of(ConfigKey.STORAGE_HEAD_ENABLED, "false"))) {
      Tidemark server = TestServer.start(url, dir, Map.of());
      try {
        // in order, rounds 0..119 (30 min), in requests of 20 rounds, leaving round 50 of s0 out
        for (int first = 0; first < 120; first += 20) {
          List<Sample> samples = rounds(t0, SERIES, first, first + 19, 0);
          samples.removeAll(point(t0, 0, 50, 0));
          ingest(server, "h", first, samples);
        }
        // out of order: odd rounds of 120..159 before the even ones
        List<Sample> odd = new ArrayList<>();
        List<Sample> even = new ArrayList<>();
        for (int r = 120; r < 160; r++) {
          (r % 2 == 1 ? odd : even).addAll(rounds(t0, SERIES, r, r, 0));
        }
        ingest(server, "h", 1000, odd);
        ingest(server, "h", 1001, even);
        // repeats: rounds 100..109 again with other values beside new rounds 160..163, and a
        // request holding one new time twice (the first value stored wins in both)
        List<Sample> again = rounds(t0, SERIES, 100, 109, 1000);
        again.addAll(rounds(t0, SERIES, 160, 163, 0));
        ingest(server, "h", 1002, again);
        List<Sample> twice = new ArrayList<>(rounds(t0, SERIES, 164, 164, 0));
        twice.addAll(rounds(t0, SERIES, 164, 164, 500));
        ingest(server, "h", 1003, twice);
        caughtUp(server);
        Head head = server.storage().head();
        assertThat(head.sampleCount()).isEqualTo(2L * SERIES * 165 - 2);
        long reads = head.headReads();
        same(server, sqlOnly, t0 - 300_000, now);
        assertThat(head.headReads()).isGreaterThan(reads);
      } finally {
        server.close();
      }

      // a new process: its head is empty and starts after what is stored; late samples (round 50
      // of s0, left out above) go to SQL alone, newer ones to the head as well
      server = TestServer.start(url, dir, Map.of());
      try {
        Head head = server.storage().head();
        assertThat(head.sampleCount()).isZero();
        same(server, sqlOnly, t0 - 300_000, now);
        long start = head.start();
        assertThat(start).isGreaterThan(t0 + 164 * 15_000L);
        ingest(server, "h", 2000, point(t0, 0, 50, 0));
        int firstNew = (int) ((start - t0) / 15_000) + 1;
        ingest(server, "h", 2001, rounds(t0, SERIES, firstNew, firstNew + 9, 0));
        caughtUp(server);
        assertThat(head.sampleCount()).isEqualTo(2L * SERIES * 10);
        same(server, sqlOnly, t0 - 300_000, t0 + (firstNew + 12) * 15_000L);
      } finally {
        server.close();
      }

      // a head of at most 50 samples over a 3-minute window: its start moves forward as it fills
      server =
          TestServer.start(
              url,
              dir,
              Map.of(
                  ConfigKey.STORAGE_HEAD_MAX_SAMPLES, "50", ConfigKey.STORAGE_HEAD_WINDOW, "3m"));
      try {
        Head head = server.storage().head();
        int firstNew = (int) ((head.start() - t0) / 15_000) + 1;
        for (int r = firstNew; r < firstNew + 20; r += 5) {
          ingest(server, "h", 3000 + r, rounds(t0, SERIES, r, r + 4, 0));
        }
        caughtUp(server);
        assertThat(head.sampleCount()).isPositive().isLessThanOrEqualTo(50);
        assertThat(head.start()).isGreaterThan(t0 + firstNew * 15_000L);
        same(server, sqlOnly, t0 - 300_000, t0 + (firstNew + 22) * 15_000L);
      } finally {
        server.close();
      }
    }
  }
}
