package dev.tidemark.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A Tidemark server in a child JVM, to be killed with SIGKILL by crash tests. */
public final class ChildServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private ChildServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code dev.tidemark.server.Main} on a free loopback port and waits for /ready; with a
   * null {@code jdbcUrl} on its embedded default, as {@code ./bin/tidemark-server} runs it.
   */
  public static ChildServer start(String jdbcUrl, Path dataDir, Path log, String... extraProperties)
      throws IOException, InterruptedException {
    return start(jdbcUrl, dataDir, log, Duration.ofSeconds(60), extraProperties);
  }

  /** As above, waiting up to {@code readyWithin}. */
  public static ChildServer start(
      String jdbcUrl, Path dataDir, Path log, Duration readyWithin, String... extraProperties)
      throws IOException, InterruptedException {
    return start(jdbcUrl, dataDir, log, freePort(), readyWithin, extraProperties);
  }

  /** On a given port: a server restarted where it was, as behind a load balancer. */
  public static ChildServer start(
      String jdbcUrl,
      Path dataDir,
      Path log,
      int port,
      Duration readyWithin,
      String... extraProperties)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
    cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    cmd.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
    cmd.add("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
    cmd.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
    cmd.add("-Dchronicle.analytics.disable=true");
    if (jdbcUrl != null) {
      cmd.add("-Ddatabase.url=" + jdbcUrl);
    }
    cmd.add("-Dserver.data.dir=" + dataDir);
    cmd.add("-Dserver.http.port=" + port);
    // no built-in rule packs unless a test asks (a later -D wins), as in TestServer: their alerts
    // (a nearly full disk, say) are samples a test counting rows does not expect
    cmd.add("-Dalerting.builtin.rules=none");
    for (String p : extraProperties) {
      cmd.add("-D" + p);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.tidemark.server.Main");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("TIDEMARK_") && !k.startsWith("TIDEMARK_TEST_"));
    ChildServer child = new ChildServer(pb.start(), port);
    try {
      child.awaitReady(readyWithin);
    } catch (IllegalStateException | InterruptedException e) {
      child.kill();
      throw e;
    }
    return child;
  }

  /** {@link #start(String, Path, Path, int, Duration, String...)} on another thread. */
  public static CompletableFuture<ChildServer> startInBackground(
      String jdbcUrl,
      Path dataDir,
      Path log,
      int port,
      Duration readyWithin,
      String... extraProperties) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return start(jdbcUrl, dataDir, log, port, readyWithin, extraProperties);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Http http = new Http(port);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("child server exited with " + process.exitValue());
      }
      try {
        if (http.get("/ready").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("child server not ready in " + timeout);
  }

  public int port() {
    return port;
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, then SIGKILL if it has not stopped in 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
