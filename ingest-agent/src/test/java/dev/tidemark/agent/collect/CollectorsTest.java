package dev.tidemark.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.protocol.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorsTest {
  @TempDir Path dir;

  @Test
  void probesSpoolHostMetricsWithTheAgentsLabels() {
    Map<String, String> labels = Map.of("host", "h1", "release", "v1.3.0", "service", "shop");
    try (Spool spool = Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), -1)) {
      int n = Collectors.probeOnce(spool, labels);
      assertThat(n).isPositive();
      Set<String> metrics = new HashSet<>();
      try (SpoolCursor c = spool.cursor()) {
        c.seekAfter(-1);
        for (SpoolEntry e = c.next(); e != null; e = c.next()) {
          for (Sample s : e.samples()) {
            metrics.add(s.metric());
            assertThat(s.labels().get("release")).isEqualTo("v1.3.0");
          }
        }
      }
      if (Files.isReadable(Path.of("/proc/stat"))) { // node_exporter's names on Linux
        assertThat(metrics)
            .contains(
                "node_cpu_seconds_total",
                "node_memory_MemTotal_bytes",
                "node_memory_SwapTotal_bytes",
                "node_load1",
                "node_context_switches_total",
                "node_filefd_allocated",
                "node_filesystem_size_bytes",
                "node_filesystem_files_free",
                "node_network_receive_bytes_total",
                "process_resident_memory_bytes",
                "process_open_fds",
                "agent_jvm_heap_used_bytes");
      } else {
        assertThat(metrics)
            .contains(
                "host_cpu_percent",
                "host_memory_total_bytes",
                "host_swap_total_bytes",
                "host_processes",
                "agent_jvm_heap_used_bytes");
      }
    }
  }

  @Test
  void writesTheEnvironmentSnapshotOncePerRelease() throws Exception {
    Map<String, String> labels = Map.of("host", "h1", "release", "v1.3.0");
    Path file = EnvironmentSnapshot.writeOnce(dir, labels, List.of("PATH"));
    assertThat(file.getFileName().toString()).isEqualTo("environment-v1.3.0.json");
    String json = Files.readString(file);
    assertThat(json).contains("\"logicalCores\"").contains("\"kernel\"").contains("\"PATH\"");
    long modified = Files.getLastModifiedTime(file).toMillis();
    EnvironmentSnapshot.writeOnce(dir, labels, List.of());
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
  }
}
