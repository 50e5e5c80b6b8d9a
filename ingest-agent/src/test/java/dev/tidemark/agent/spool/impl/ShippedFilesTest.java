package dev.tidemark.agent.spool.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are deleted once everything in them is shipped, and only then. */
class ShippedFilesTest {
  @TempDir Path dir;

  @Test
  void deletesTheFilesTheShipperHasMovedPast() throws Exception {
    SetTimeProvider clock = new SetTimeProvider(1_700_000_000_000L);
    SpoolOptions options = new SpoolOptions(1 << 20, "hourly");
    List<SpoolEntry> entries = new ArrayList<>();
    try (ChronicleSpool spool =
        ChronicleSpool.open(dir, options, -1, TestRollCycles.TEST_SECONDLY, clock)) {
      for (int i = 0; i < 3; i++) {
        spool.append(new Sample("m", Labels.of("host", "h1"), 1000 + i, i));
        clock.advanceMillis(1000);
      }
      assertThat(cq4Files()).hasSize(3);
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        entries.add(c.next());
        entries.add(c.next());
        spool.shipped(entries.get(1).index(), 2, entries.get(0).bytes() + entries.get(1).bytes());
      }
      assertThat(cq4Files()).hasSize(2);
      assertThat(spool.backlogEntries()).isEqualTo(1);
    }
    try (ChronicleSpool spool =
        ChronicleSpool.open(
            dir, options, entries.get(1).index(), TestRollCycles.TEST_SECONDLY, clock)) {
      assertThat(spool.backlogEntries()).isEqualTo(1);
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(entries.get(1).index());
        assertThat(c.next().samples().get(0).value()).isEqualTo(2.0);
      }
    }
  }

  private List<Path> cq4Files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".cq4")).toList();
    }
  }
}
