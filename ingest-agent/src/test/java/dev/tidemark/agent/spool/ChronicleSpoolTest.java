package dev.tidemark.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleSpoolTest {
  @TempDir Path dir;

  @Test
  void readsBackWhatWasAppendedInOrder() {
    Histogram h = new Histogram(3);
    h.recordValue(120);
    h.recordValue(4500);
    try (Spool spool = Spool.open(dir, new SpoolOptions(1 << 20, "hourly"), -1)) {
      spool.append(new Sample("cpu_percent", Labels.of("host", "h1"), 1000, 12.5));
      spool.append(new HistogramSample("http_latency", Labels.of("op", "get"), 2000, "us", h));
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        SpoolEntry a = c.next();
        SpoolEntry b = c.next();
        assertThat(c.next()).isNull();
        assertThat(a.samples())
            .containsExactly(new Sample("cpu_percent", Labels.of("host", "h1"), 1000, 12.5));
        assertThat(b.histogram().histogram().getTotalCount()).isEqualTo(2);
        assertThat(b.histogram().unit()).isEqualTo("us");
        assertThat(b.index()).isGreaterThan(a.index());
        assertThat(spool.backlogEntries()).isEqualTo(2);
        assertThat(spool.backlogBytes()).isEqualTo(a.bytes() + b.bytes());
      }
    }
  }

  @Test
  void refusesNewSamplesWhenFullAndAcceptsAgainOnceShipped() {
    List<Long> indexes = new ArrayList<>();
    try (Spool spool = Spool.open(dir, new SpoolOptions(4096, "hourly"), -1)) {
      int accepted = 0;
      for (int i = 0; i < 1000; i++) {
        if (spool.append(sample(i))) {
          accepted++;
        }
      }
      assertThat(accepted).isLessThan(1000);
      assertThat(spool.refused()).isEqualTo(1000 - accepted);
      assertThat(spool.backlogBytes()).isGreaterThanOrEqualTo(4096);

      long bytes = 0;
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        for (SpoolEntry e = c.next(); e != null; e = c.next()) {
          indexes.add(e.index());
          bytes += e.bytes();
        }
      }
      assertThat(indexes).hasSize(accepted);
      spool.shipped(indexes.get(indexes.size() - 1), indexes.size(), bytes);
      assertThat(spool.backlogBytes()).isZero();
      assertThat(spool.append(sample(1000))).isTrue();
    }
  }

  @Test
  void samplesAppendedTogetherAreOneEntryKeptOrRefusedWhole() {
    List<Sample> scrape = List.of(sample(1), sample(2), sample(3));
    try (Spool spool = Spool.open(dir, new SpoolOptions(1024, "hourly"), -1)) {
      assertThat(spool.appendAll(scrape)).isTrue();
      while (spool.append(sample(0))) {} // fill it up
      long refusedBefore = spool.refused();
      assertThat(spool.appendAll(scrape)).isFalse();
      assertThat(spool.refused()).isEqualTo(refusedBefore + 3);
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        SpoolEntry e = c.next();
        assertThat(e.samples()).isEqualTo(scrape);
        assertThat(e.items()).isEqualTo(3);
        assertThat(c.next().samples()).containsExactly(sample(0));
      }
    }
  }

  @Test
  void countsTheUnshippedBacklogAgainOnReopen() {
    long firstIndex;
    try (Spool spool = Spool.open(dir, new SpoolOptions(1 << 20, "hourly"), -1)) {
      for (int i = 0; i < 10; i++) {
        spool.append(sample(i));
      }
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        firstIndex = c.next().index();
      }
    }
    try (Spool spool = Spool.open(dir, new SpoolOptions(1 << 20, "hourly"), firstIndex)) {
      assertThat(spool.backlogEntries()).isEqualTo(9);
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(firstIndex);
        assertThat(c.next().samples().get(0).timestamp()).isEqualTo(1001);
      }
    }
  }

  private static Sample sample(int i) {
    return new Sample("load1", Labels.of("host", "h1"), 1000 + i, i);
  }

  @Test
  void threadsAppendConcurrentlyEachWithItsOwnAppender() throws Exception {
    int threads = 4;
    int each = 2000;
    try (Spool spool = Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), -1)) {
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        writers.add(
            new Thread(
                () -> {
                  for (int i = 0; i < each; i++) {
                    spool.append(sample(base + i));
                  }
                }));
      }
      writers.forEach(Thread::start);
      for (Thread w : writers) {
        w.join();
      }
      java.util.Set<Double> seen = new java.util.HashSet<>();
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        for (SpoolEntry e = c.next(); e != null; e = c.next()) {
          assertThat(seen.add(e.samples().get(0).value())).isTrue();
        }
      }
      assertThat(seen).hasSize(threads * each);
      assertThat(spool.backlogEntries()).isEqualTo(threads * each);
    }
  }
}
