package dev.tidemark.bench.agent;

import dev.tidemark.bench.Machine;
import dev.tidemark.bench.Table;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent against what its users would otherwise run: node_exporter scraped by vmagent, which
 * ships remote_write to the same server (both from Debian: {@code prometheus-node-exporter}, {@code
 * victoria-metrics}), in the same run, one after the other, at a 1 s and a 10 s interval. For each:
 * CPU (user + system ticks of every process involved, from {@code /proc}), resident memory at the
 * end (the sum for the pair), series shipped per interval, request body bytes per sample (the
 * agent's {@code wireBytes}, vmagent's {@code vmagent_remotewrite_bytes_sent_total}) and CPU per
 * shipped sample. The agent runs through its launcher, so with the launcher's JVM flags, with the
 * node_exporter-shaped host probes on; node_exporter runs with its default collectors.
 *
 * <p>{@code bench/run-agent-vs-pair [measure seconds] [warm-up seconds]} (default 120 and 45).
 */
public final class AgentVsPairBench {
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One side of one run. */
  record Result(double cpuPercent, double rssMb, double series, double bytesPerSample) {
    double cpuMicrosPerSample(double intervalSeconds) {
      double samplesPerSecond = series / intervalSeconds;
      return cpuPercent / 100 * 1e6 / samplesPerSecond;
    }
  }

  private final int measureSeconds;
  private final int warmupSeconds;

  AgentVsPairBench(int measureSeconds, int warmupSeconds) {
    this.measureSeconds = measureSeconds;
    this.warmupSeconds = warmupSeconds;
  }

  public static void main(String[] args) throws Exception {
    int measure = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 45;
    String machine = Machine.describe();
    if (!Files.isExecutable(Path.of("/usr/bin/prometheus-node-exporter"))
        || !Files.isExecutable(Path.of("/usr/bin/vmagent"))
        || !Files.exists(AgentFootprintBench.JAR)) {
      System.out.println(
          "skipped agent vs node_exporter + vmagent: needs apt-get install prometheus-node-exporter"
              + " victoria-metrics, and "
              + AgentFootprintBench.JAR);
      System.exit(0);
    }
    Table table = new Table("Agent vs node_exporter + vmagent (" + measure + " s each)");
    AgentVsPairBench bench = new AgentVsPairBench(measure, warmup);
    try (Tidemark server = TestServer.start(TestDatabase.freshPostgres(), Map.of())) {
      for (int interval : new int[] {1, 10}) {
        Result agent = bench.agent(server.port(), interval);
        Result pair = bench.pair(server.port(), interval);
        bench.report(table, interval, agent, pair);
      }
    }
    System.out.println("\n## Results");
    System.out.print(table.markdown(machine));
    System.exit(0);
  }

  private void report(Table table, int interval, Result agent, Result pair) {
    String at = " at " + interval + " s";
    table.add(
        "CPU, % of a core" + at,
        f(agent.cpuPercent()),
        "pair " + f(pair.cpuPercent()),
        agent.cpuPercent() / pair.cpuPercent(),
        "-");
    table.add(
        "series shipped" + at,
        String.format(Locale.ROOT, "%.0f", agent.series()),
        String.format(Locale.ROOT, "pair %.0f", pair.series()),
        agent.series() / pair.series(),
        "breadth of node_exporter");
    table.add(
        "CPU per shipped sample, µs" + at,
        f(agent.cpuMicrosPerSample(interval)),
        "pair " + f(pair.cpuMicrosPerSample(interval)),
        agent.cpuMicrosPerSample(interval) / pair.cpuMicrosPerSample(interval),
        "≤ 1 (no higher than the pair)");
    table.add(
        "resident memory, MB" + at,
        String.format(Locale.ROOT, "%.0f", agent.rssMb()),
        String.format(Locale.ROOT, "pair %.0f", pair.rssMb()),
        agent.rssMb() / pair.rssMb(),
        "agent ≤ 48 MB");
    table.add(
        "bytes per sample on the wire" + at,
        f(agent.bytesPerSample()),
        "pair " + f(pair.bytesPerSample()),
        agent.bytesPerSample() / pair.bytesPerSample(),
        "≤ 20");
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  Result agent(int serverPort, int interval) throws Exception {
    Path dir = Files.createTempDirectory("tidemark-bench-vs-agent");
    Path config = dir.resolve("agent.properties");
    Files.writeString(
        config,
        "agent.id=bench-agent-"
            + interval
            + "\nagent.server.url=http://127.0.0.1:"
            + serverPort
            + "\nagent.spool.dir="
            + dir.resolve("spool")
            + "\nagent.collect.interval="
            + interval
            + "s\nagent.record.port=-1\nagent.labels.release=bench\n");
    ProcessBuilder launch =
        new ProcessBuilder(
                List.of(
                    AgentFootprintBench.LAUNCHER.toString(), "run", "--config", config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile());
    Map<String, String> env = launch.environment();
    env.keySet().removeIf(k -> k.startsWith("TIDEMARK_AGENT_") || k.equals("JAVA_OPTS"));
    env.put("TIDEMARK_AGENT_JAR", AgentFootprintBench.JAR.toAbsolutePath().toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Process agent = launch.start();
    try {
      Thread.sleep(warmupSeconds * 1000L);
      Path status = dir.resolve("spool").resolve("status.json");
      Map<String, String> s0 = dev.tidemark.agent.status.StatusFile.read(status);
      long ticks0 = cpuTicks(agent.pid());
      long t0 = System.nanoTime();
      Thread.sleep(measureSeconds * 1000L);
      long ticks1 = cpuTicks(agent.pid());
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, String> s1 = dev.tidemark.agent.status.StatusFile.read(status);
      double entries = num(s1, "shippedEntries") - num(s0, "shippedEntries");
      double bytes = num(s1, "wireBytes") - num(s0, "wireBytes");
      Result r =
          new Result(
              (ticks1 - ticks0) / (double) TICKS_PER_SECOND / seconds * 100,
              rssKb(agent.pid()) / 1024.0,
              entries / (seconds / interval),
              bytes / entries);
      System.out.println(
          "  agent at " + interval + " s: " + r + ", format " + s1.get("wireFormat"));
      return r;
    } finally {
      agent.destroy();
      agent.waitFor();
    }
  }

  Result pair(int serverPort, int interval) throws Exception {
    Path dir = Files.createTempDirectory("tidemark-bench-vs-pair");
    int nodePort = freePort();
    int vmPort = freePort();
    Files.writeString(
        dir.resolve("scrape.yml"),
        "global:\n  scrape_interval: "
            + interval
            + "s\nscrape_configs:\n  - job_name: node\n    static_configs:\n"
            + "      - targets: [\"127.0.0.1:"
            + nodePort
            + "\"]\n");
    List<Process> procs = new ArrayList<>();
    try {
      procs.add(
          new ProcessBuilder(
                  "/usr/bin/prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + nodePort)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("node_exporter.log").toFile())
              .start());
      procs.add(
          new ProcessBuilder(
                  "/usr/bin/vmagent",
                  "-promscrape.config=" + dir.resolve("scrape.yml"),
                  "-remoteWrite.url=http://127.0.0.1:" + serverPort + "/api/v1/write",
                  "-remoteWrite.tmpDataPath=" + dir.resolve("vmagent-queue"),
                  "-httpListenAddr=127.0.0.1:" + vmPort)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("vmagent.log").toFile())
              .start());
      Thread.sleep(warmupSeconds * 1000L);
      Map<String, Double> m0 = vmagentMetrics(vmPort);
      long ticks0 = cpuTicks(procs.get(0).pid()) + cpuTicks(procs.get(1).pid());
      long t0 = System.nanoTime();
      Thread.sleep(measureSeconds * 1000L);
      long ticks1 = cpuTicks(procs.get(0).pid()) + cpuTicks(procs.get(1).pid());
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> m1 = vmagentMetrics(vmPort);
      double rows =
          m1.get("vmagent_remotewrite_rows_pushed_after_relabel_total")
              - m0.get("vmagent_remotewrite_rows_pushed_after_relabel_total");
      double bytes =
          m1.get("vmagent_remotewrite_bytes_sent_total")
              - m0.get("vmagent_remotewrite_bytes_sent_total");
      Result r =
          new Result(
              (ticks1 - ticks0) / (double) TICKS_PER_SECOND / seconds * 100,
              (rssKb(procs.get(0).pid()) + rssKb(procs.get(1).pid())) / 1024.0,
              rows / (seconds / interval),
              bytes / rows);
      System.out.println("  node_exporter + vmagent at " + interval + " s: " + r);
      return r;
    } finally {
      for (Process p : procs) {
        p.destroy();
        p.waitFor();
      }
    }
  }

  /** vmagent's own counters, summed over their label sets. */
  private static Map<String, Double> vmagentMetrics(int port) throws Exception {
    String text =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> m = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace > 0 && brace < space ? brace : line.indexOf(' '));
      m.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
    }
    return m;
  }

  private static double num(Map<String, String> status, String key) {
    return Double.parseDouble(status.get(key));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
  }

  static long rssKb(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
