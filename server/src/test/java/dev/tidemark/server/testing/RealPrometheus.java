package dev.tidemark.server.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's {@code prometheus}, which {@code .ci/run} installs) beside Tidemark,
 * for the tests that compare answers with it: a temporary directory and a loopback port, started on
 * a configuration the test writes, ready once {@code /-/ready} answers. Where the binary is missing
 * the test is skipped with the reason. Also the small things those tests share: a scrape target, a
 * free port, waiting for a condition.
 */
public final class RealPrometheus implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");
  public static final Duration DEADLINE = Duration.ofSeconds(90);

  private final Path dir;
  private final int port;
  private final Http http;
  private Process process;

  private RealPrometheus(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.http = new Http(port);
  }

  /**
   * A directory (for the configuration, rule files, data and log) and a port; skips the calling
   * test where Prometheus is not installed.
   */
  public static RealPrometheus prepare(String name) throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARY), "prometheus is not installed (.ci/run installs Debian's)");
    return new RealPrometheus(Files.createTempDirectory("tidemark-" + name), freePort());
  }

  /** Writes {@code prometheus.yml}, starts Prometheus with it and waits until it is ready. */
  public RealPrometheus start(String config, String... flags) throws IOException {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.add("--config.file=" + file);
    command.add("--storage.tsdb.path=" + dir.resolve("data"));
    command.add("--web.listen-address=127.0.0.1:" + port);
    command.addAll(List.of(flags));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    await("Prometheus ready", () -> alive() && http.get("/-/ready").statusCode() == 200);
    return this;
  }

  public Path dir() {
    return dir;
  }

  public Http http() {
    return http;
  }

  /** True while it runs; throws with the end of its log once it has exited. */
  public boolean alive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("prometheus exited\n" + logTail());
    }
    return true;
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no prometheus log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A scrape target on a loopback port answering {@code /metrics} with {@code exposition}. */
  public static HttpServer target(Supplier<String> exposition) throws IOException {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext(
        "/metrics",
        exchange -> {
          byte[] bytes = exposition.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    target.start();
    return target;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits up to {@link #DEADLINE} for {@code condition}; a condition that throws (a server not
   * listening yet, an answer not complete yet) counts as not yet, but a Prometheus that exited ends
   * the wait at once.
   */
  public static void await(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.get()) {
          return;
        }
      } catch (RuntimeException e) {
        if (String.valueOf(e.getMessage()).startsWith("prometheus exited")) {
          throw e;
        }
        // not listening or not answering yet
      }
      sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
