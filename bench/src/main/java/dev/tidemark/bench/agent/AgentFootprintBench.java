package dev.tidemark.bench.agent;

import dev.tidemark.bench.Table;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent as users run it (started by its launcher {@code ingest-agent/bin/tidemark-agent}, so
 * with the launcher's JVM flags; host probes every second, shipping to a live server): CPU share of
 * one core and resident memory over 30 s after a 45 s warm-up, from {@code /proc}. The baselines
 * are the goals themselves: 1% of a core, 48 MB ({@link AgentVsPairBench} sets the agent beside
 * node_exporter + vmagent).
 */
public final class AgentFootprintBench {
  static final Path JAR =
      Path.of("ingest-agent/target/tidemark-ingest-agent-0.1.0-SNAPSHOT-all.jar");
  static final Path LAUNCHER = Path.of("ingest-agent/bin/tidemark-agent");
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Supplier<String> databases;

  public AgentFootprintBench(Supplier<String> databases) {
    this.databases = databases;
  }

  public void run(Table table) throws Exception {
    if (!Files.exists(JAR)
        || !Files.isExecutable(LAUNCHER)
        || !Files.exists(Path.of("/proc/self/stat"))) {
      System.out.println("  skipped agent footprint: needs Linux, " + JAR + " and " + LAUNCHER);
      return;
    }
    Path dir = Files.createTempDirectory("tidemark-bench-agent");
    try (Tidemark server = TestServer.start(databases.get(), Map.of())) {
      Path config = dir.resolve("agent.properties");
      Files.writeString(
          config,
          "agent.server.url=http://127.0.0.1:"
              + server.port()
              + "\nagent.spool.dir="
              + dir.resolve("spool")
              + "\nagent.collect.interval=1s\nagent.record.port=0\nagent.labels.release=bench\n");
      // the launcher execs java, so the process is the agent's JVM; its flags are the launcher's
      ProcessBuilder launch =
          new ProcessBuilder(List.of(LAUNCHER.toString(), "run", "--config", config.toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("agent.log").toFile());
      Map<String, String> env = launch.environment();
      env.keySet().removeIf(k -> k.startsWith("TIDEMARK_AGENT_") || k.equals("JAVA_OPTS"));
      env.put("TIDEMARK_AGENT_JAR", JAR.toAbsolutePath().toString()); // built already: no rebuild
      env.put("JAVA_HOME", System.getProperty("java.home"));
      Process agent = launch.start();
      try {
        Thread.sleep(45_000); // past start-up: class loading and JIT dominate the first half minute
        long ticks0 = cpuTicks(agent.pid());
        long t0 = System.nanoTime();
        Thread.sleep(30_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuPercent =
            (cpuTicks(agent.pid()) - ticks0) / (double) TICKS_PER_SECOND / seconds * 100;
        double rssMb = rssKb(agent.pid()) / 1024.0;
        table.add(
            "agent CPU at a 1 s collection interval, % of one core",
            String.format(Locale.ROOT, "%.2f", cpuPercent), "goal 1%", cpuPercent / 1.0, "≤ 1%");
        table.add(
            "agent resident memory, MB",
            String.format(Locale.ROOT, "%.0f", rssMb),
            "goal 48 MB",
            rssMb / 48,
            "≤ 48 MB");
      } finally {
        agent.destroy();
        agent.waitFor();
      }
    }
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
  }

  private static long rssKb(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElse(-1);
  }
}
