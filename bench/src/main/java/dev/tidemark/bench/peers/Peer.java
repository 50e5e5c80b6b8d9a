package dev.tidemark.bench.peers;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One system under test, run as a child process on loopback with its data in its own temporary
 * directory: Tidemark (the server with its embedded PostgreSQL, from this build's class path),
 * VictoriaMetrics or Prometheus from Debian's packages. Everything is stopped and deleted on close.
 */
final class Peer implements AutoCloseable {
  final String name;
  final int port;
  private final Process process;
  private final Path data;
  private final Path home;

  private Peer(String name, int port, Process process, Path data, Path home) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.data = data;
    this.home = home;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /**
   * Tidemark with its head of recent samples on (the default) or off (every raw read from SQL),
   * with the launcher's default heap and memory caps (bin/tidemark-server.jvm).
   */
  static Peer tidemark(boolean head) throws Exception {
    return tidemark(null, Map.of("TIDEMARK_STORAGE_HEAD_ENABLED", Boolean.toString(head)));
  }

  /**
   * The same with more settings in the environment (such as {@code TIDEMARK_DATABASE_URL}); a
   * non-null {@code heap} is given as {@code -Xmx} after the launcher's defaults, as JAVA_OPTS is.
   */
  static Peer tidemark(String heap, Map<String, String> settings) throws Exception {
    Path home = Files.createTempDirectory("bench-tidemark");
    Path data = home.resolve("data");
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the launcher's defaults, as bin/tidemark-server gives them (the bench runs from the root)
    cmd.add("@" + Path.of("bin", "tidemark-server.jvm").toAbsolutePath());
    if (heap != null) {
      cmd.add("-Xmx" + heap);
    }
    String jfr = System.getenv("BENCH_JFR"); // a flight recording of the server, for profiling
    if (jfr != null && !jfr.isBlank()) {
      cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
    }
    String opts = System.getenv("BENCH_SERVER_OPTS"); // more JVM flags, for experiments
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    cmd.addAll(
        List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tidemark.server.Main"));
    Map<String, String> env = new java.util.HashMap<>(settings);
    env.put("TIDEMARK_SERVER_HTTP_PORT", Integer.toString(port));
    env.put("TIDEMARK_SERVER_DATA_DIR", data.toString());
    // the 10,000-series queries (the default bounds a DSL fetch at 1,000)
    env.put("TIDEMARK_QUERY_MAX_SERIES", "20000");
    boolean head = !"false".equals(settings.get("TIDEMARK_STORAGE_HEAD_ENABLED"));
    return start(head ? "Tidemark" : "Tidemark, head off", cmd, env, port, data, home, "/ready");
  }

  static Optional<Peer> victoriaMetrics() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/victoria-metrics"))) {
      return Optional.empty();
    }
    Path home = Files.createTempDirectory("bench-vm");
    Path data = home.resolve("data");
    int port = freePort();
    return Optional.of(
        start(
            "VictoriaMetrics",
            List.of(
                "/usr/bin/victoria-metrics",
                "-storageDataPath=" + data,
                "-httpListenAddr=127.0.0.1:" + port,
                "-retentionPeriod=100y",
                "-search.latencyOffset=0s", // answer up to the newest sample, as the others do
                "-loggerLevel=ERROR"),
            Map.of(),
            port,
            data,
            home,
            "/health"));
  }

  static Optional<Peer> prometheus() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
      return Optional.empty();
    }
    Path home = Files.createTempDirectory("bench-prom");
    Path data = home.resolve("data");
    Path config = home.resolve("prometheus.yml");
    // four connections may deliver a series' samples slightly out of order
    Files.writeString(config, "storage:\n  tsdb:\n    out_of_order_time_window: 2h\n");
    int port = freePort();
    return Optional.of(
        start(
            "Prometheus",
            List.of(
                "/usr/bin/prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver",
                "--log.level=error"),
            Map.of(),
            port,
            data,
            home,
            "/-/ready"));
  }

  private static Peer start(
      String name,
      List<String> cmd,
      Map<String, String> env,
      int port,
      Path data,
      Path home,
      String ready)
      throws Exception {
    Files.createDirectories(data);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(home.resolve("out.log").toFile());
    Peer peer = new Peer(name, port, pb.start(), data, home);
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!peer.process.isAlive()) {
        String log = Files.readString(home.resolve("out.log"));
        peer.close();
        throw new IllegalStateException("cannot start " + name + ": exited\n" + log);
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create(peer.url(ready)))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return peer;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    peer.close();
    throw new IllegalStateException("cannot start " + name + ": not ready within 120 s");
  }

  /** Resident set of the main process alone (the server's JVM, without PostgreSQL), in bytes. */
  long rssBytes() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // gone
    }
    return 0;
  }

  /**
   * What the main process' resident set consists of, from /proc/PID/smaps: anonymous memory (the
   * JVM's heap, metaspace, code cache, stacks, direct buffers), files mapped from the data
   * directory (the write-ahead queue) and other mapped files (jars, libraries); and the peak.
   */
  String residentParts() {
    long anon = 0;
    long data = 0;
    long files = 0;
    String mapping = "";
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "smaps"))) {
        if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
          String[] f = line.trim().split("\\s+", 6);
          mapping = f.length == 6 ? f[5] : "";
        } else if (line.startsWith("Rss:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          if (mapping.startsWith(this.data.toString())) {
            data += kb;
          } else if (mapping.startsWith("/")) {
            files += kb;
          } else {
            anon += kb;
          }
        }
      }
    } catch (IOException e) {
      return "gone";
    }
    long peak = 0;
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          peak = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return String.format(
        java.util.Locale.ROOT,
        "RSS: anonymous %.0f MB, data directory mappings %.0f MB, other files %.0f MB; peak %.0f MB",
        anon * 1024 / 1e6,
        data * 1024 / 1e6,
        files * 1024 / 1e6,
        peak * 1024 / 1e6);
  }

  /** Proportional set size of the process and its children (PostgreSQL's), in bytes. */
  long memoryBytes() {
    long total = pss(process.pid());
    for (ProcessHandle child : process.descendants().toList()) {
      total += pss(child.pid());
    }
    return total;
  }

  private static long pss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /** Bytes allocated on disk under the data directory (sparse and preallocated files as du). */
  long diskBytes() throws IOException, InterruptedException {
    Process du = new ProcessBuilder("du", "-s", "-B1", data.toString()).start();
    String out =
        new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    du.waitFor();
    return Long.parseLong(out.trim().split("\\s+")[0]);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
