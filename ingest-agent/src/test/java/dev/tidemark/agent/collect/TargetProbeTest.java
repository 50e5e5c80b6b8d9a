package dev.tidemark.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetProbeTest {
  @TempDir Path dir;
  private final CapturingSpool spool = new CapturingSpool();
  private final Series series = new Series(Map.of("host", "h1"));

  /** A real child JVM, found by PID file, by name and by the port it listens on. */
  @Test
  void findsAJvmByPidFileNameAndPortAndReadsItsGcAndHeap() throws Exception {
    assumeThat(Files.isReadable(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
    Path src = dir.resolve("Listen.java");
    Files.writeString(
        src,
        "public class Listen { public static void main(String[] a) throws Exception {"
            + " try (var s = new java.net.ServerSocket(0)) {"
            + " java.nio.file.Files.writeString(java.nio.file.Path.of(a[0]), \"\" + s.getLocalPort());"
            + " System.gc(); Thread.sleep(60_000); } } }");
    Path portFile = dir.resolve("port");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UsePerfData",
                "-Xmx32m",
                src.toString(),
                portFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(portFile) || Files.readString(portFile).isEmpty()) {
        assertThat(System.nanoTime()).as("child listening").isLessThan(deadline);
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readString(portFile).trim());
      Path pidFile = dir.resolve("app.pid");
      Files.writeString(pidFile, child.pid() + "\n");
      assertThat(new ProcessFinder(pidFile, null, 0).find()).isEqualTo(child.pid());
      assertThat(new ProcessFinder(null, "Listen.java", 0).find()).isEqualTo(child.pid());
      assertThat(new ProcessFinder(null, null, port).find()).isEqualTo(child.pid());
      assertThat(new ProcessFinder(null, "no-such-process-xyz", 0).find()).isEqualTo(-1);

      try (TargetProbe probe =
          new TargetProbe(new ProcessFinder(pidFile, null, 0), "app", series)) {
        probe.relist();
        probe.probe(spool.emit(Map.of("host", "h1")));
      }
      Map<String, Double> v = spool.values("host");
      assertThat(v.get("process_resident_memory_bytes{process=app}")).isGreaterThan(1e6);
      assertThat(v.get("process_threads{process=app}")).isGreaterThan(1);
      assertThat(v.get("process_open_fds{process=app}")).isGreaterThan(2);
      assertThat(v.get("process_start_time_seconds{process=app}")).isGreaterThan(1.6e9);
      assertThat(v).containsKey("process_cpu_seconds_total{process=app}");
      assertThat(v.get("jvm_memory_bytes_max{area=heap, process=app}")).isGreaterThan(0);
      assertThat(v.get("jvm_memory_bytes_used{area=heap, process=app}")).isGreaterThan(0);
      assertThat(v.keySet()).anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count{gc="));
    } finally {
      child.destroyForcibly().waitFor();
    }
  }
}
