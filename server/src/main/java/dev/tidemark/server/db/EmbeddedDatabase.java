package dev.tidemark.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a PostgreSQL started by the server itself, its data under the server's data
 * directory so that it survives a restart.
 *
 * <p>It is the durable copy of everything acknowledged (the write-ahead queue deletes what the
 * database holds), so by default it runs with {@code fsync}, {@code synchronous_commit} and {@code
 * full_page_writes} on, overriding the embedded library's test settings. Tests may start it {@link
 * Durability#FAST} instead.
 *
 * <p>A server killed with SIGKILL cannot stop its PostgreSQL, which lives on in a process group of
 * its own and holds the data directory. The next start finds it through {@code postmaster.pid} and
 * stops it first (see {@link OrphanPostmaster}), so that start succeeds at the first attempt.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** How the embedded PostgreSQL treats the disk. */
  public enum Durability {
    /** fsync, synchronous_commit and full_page_writes on: a commit survives a power loss. */
    DURABLE,
    /** All three off: for tests and throwaway data only. */
    FAST
  }

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDirectory, Durability durability) {
    return start(dataDirectory, 0, durability);
  }

  /** Starts on a given port (0 picks a free one). */
  public static EmbeddedDatabase start(Path dataDirectory, int port, Durability durability) {
    long started = System.nanoTime();
    try {
      Files.createDirectories(dataDirectory);
      OrphanPostmaster.stopIfRunning(dataDirectory, Duration.ofSeconds(30));
      String on = durability == Durability.DURABLE ? "on" : "off";
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", on)
              .setServerConfig("synchronous_commit", on)
              .setServerConfig("full_page_writes", on)
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      LOG.info(
          "embedded PostgreSQL started [dir={}, port={}, durability={}, ms={}]",
          dataDirectory,
          pg.getPort(),
          durability,
          (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedDatabase(pg);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot start embedded PostgreSQL in " + dataDirectory + ": " + causes(e), e);
    }
  }

  /** Every message of the cause chain: the outermost alone often says only "failed". */
  private static String causes(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = e; c != null && sb.length() < 2000; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append("; caused by ");
      }
      sb.append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
    }
    return sb.toString();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("cannot stop embedded PostgreSQL cleanly: {}", e.toString());
    }
  }
}
