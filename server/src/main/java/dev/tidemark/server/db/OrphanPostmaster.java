package dev.tidemark.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running on the embedded data directory by a server process that died without
 * stopping it. {@code postmaster.pid} names its process; it is ours only if that process is alive,
 * is a {@code postgres} and was started on this very directory (a PID reused by anything else is
 * left alone). It is asked to shut down fast (SIGINT: disconnect, checkpoint, exit); after the
 * timeout it is killed, and PostgreSQL's own crash recovery then runs at the next start.
 */
final class OrphanPostmaster {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanPostmaster.class);

  private OrphanPostmaster() {}

  static void stopIfRunning(Path dataDirectory, Duration timeout) throws IOException {
    Optional<ProcessHandle> orphan = find(dataDirectory);
    if (orphan.isEmpty()) {
      return;
    }
    ProcessHandle p = orphan.get();
    LOG.warn(
        "stopping the PostgreSQL an earlier server process left running [pid={}, dir={}]",
        p.pid(),
        dataDirectory);
    signal(p.pid(), "INT");
    try {
      p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("PostgreSQL did not stop in {}; killing it [pid={}]", timeout, p.pid());
      p.destroyForcibly();
      p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("cannot stop an orphaned PostgreSQL [pid=" + p.pid() + "]", e);
    }
  }

  static Optional<ProcessHandle> find(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String dir = dataDirectory.toAbsolutePath().normalize().toString();
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("postgres") && c.contains(dir))
                    .orElse(false));
  }

  /** A signal ProcessHandle cannot send: SIGINT is PostgreSQL's fast shutdown. */
  private static void signal(long pid, String name) throws IOException {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling PostgreSQL [pid=" + pid + "]", e);
    }
  }
}
