package dev.tidemark.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL 15 primary and a streaming replica of it (Debian's {@code postgresql-15} server
 * binaries), on loopback ports: {@code initdb} the primary, {@code pg_basebackup -R} the replica,
 * start both. Run as root, the clusters belong to the {@code postgres} OS user, as
 * ../shared/timescaledb/start does it. Test settings (fsync off), never for data that matters.
 */
public final class StreamingReplica implements AutoCloseable {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  /** The ports this project's tests use for clusters of their own. */
  static final int FIRST_PORT = 26610;

  static final int LAST_PORT = 26619;

  private final Path dir;
  private final int primaryPort;
  private final int replicaPort;
  private int databases;

  private StreamingReplica(Path dir, int primaryPort, int replicaPort) {
    this.dir = dir;
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
  }

  /**
   * Skips the calling test when the binaries are missing, unless CI requires them ({@code
   * TIDEMARK_TEST_REQUIRE_TIMESCALEDB}, which .ci/run sets: it installs postgresql-15).
   */
  public static void assumeAvailable() {
    boolean present = Files.isExecutable(BIN.resolve("initdb"));
    if (!present && System.getenv(TimescaleOnly.REQUIRE_ENV) != null) {
      throw new IllegalStateException(
          BIN
              + "/initdb is missing and "
              + TimescaleOnly.REQUIRE_ENV
              + " is set: install postgresql-15");
    }
    Assumptions.assumeTrue(
        present, BIN + "/initdb is missing: apt-get install postgresql-15 (.ci/run installs it)");
  }

  /** Starts a primary and its replica in a new temporary directory. */
  public static StreamingReplica start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("tidemark-replica");
    if (root()) {
      run(List.of("chown", "postgres:", dir.toString()));
    }
    int[] ports = freePorts();
    StreamingReplica pair = new StreamingReplica(dir, ports[0], ports[1]);
    try {
      pair.startPrimary();
      pair.startReplica();
      return pair;
    } catch (IOException | InterruptedException | RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  private void startPrimary() throws IOException, InterruptedException {
    Path data = dir.resolve("primary");
    asOwner(
        BIN.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8");
    appendConf(
        data,
        "listen_addresses = '127.0.0.1'\n"
            + "port = "
            + primaryPort
            + "\nunix_socket_directories = '"
            + data
            + "'\nmax_connections = 100\nwal_level = replica\nmax_wal_senders = 5\n"
            + "hot_standby_feedback = on\nfsync = off\nsynchronous_commit = off\n");
    pgCtlStart(data);
  }

  private void startReplica() throws IOException, InterruptedException {
    Path data = dir.resolve("replica");
    asOwner(
        BIN.resolve("pg_basebackup").toString(),
        "-h",
        "127.0.0.1",
        "-p",
        String.valueOf(primaryPort),
        "-U",
        "postgres",
        "-D",
        data.toString(),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast");
    appendConf(data, "port = " + replicaPort + "\nunix_socket_directories = '" + data + "'\n");
    pgCtlStart(data);
  }

  private void appendConf(Path data, String lines) throws IOException, InterruptedException {
    // written by the cluster's owner: as root, a file root creates there would not be readable
    asOwner("sh", "-c", "printf '%s' \"$1\" >> \"$2\"", "sh", lines, data + "/postgresql.conf");
  }

  private void pgCtlStart(Path data) throws IOException, InterruptedException {
    asOwner(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        data.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "start");
  }

  /** A JDBC URL of database {@code name} on the primary. */
  public String primaryUrl(String name) {
    return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + name + "?user=postgres";
  }

  /** A JDBC URL of database {@code name} on the replica (read-only). */
  public String replicaUrl(String name) {
    return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + name + "?user=postgres";
  }

  /** Creates an empty database on the primary and waits until the replica has it; its name. */
  public String freshDatabase() throws SQLException, InterruptedException {
    String name = "r" + (++databases);
    try (Connection c = DriverManager.getConnection(primaryUrl("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    awaitReplayed();
    return name;
  }

  /** Waits (up to 60 s) until the replica has replayed everything the primary has committed. */
  public void awaitReplayed() throws SQLException, InterruptedException {
    String lsn;
    try (Connection c = DriverManager.getConnection(primaryUrl("postgres"));
        Statement s = c.createStatement();
        // the insert position, not the write position: with synchronous_commit off a commit's
        // record may be inserted but not yet written (a replica check missed a commit, once in CI)
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rs.next();
      lsn = rs.getString(1);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = DriverManager.getConnection(replicaUrl("postgres"));
        Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) { // lsn: ours
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the replica did not replay up to " + lsn + " in 60 s");
  }

  /** Pauses (or resumes) replay on the replica: it keeps receiving WAL, queries see the past. */
  public void pauseReplay(boolean pause) throws SQLException {
    try (Connection c = DriverManager.getConnection(replicaUrl("postgres"));
        Statement s = c.createStatement()) {
      s.execute(pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
    }
  }

  /** Stops both (immediate) and deletes their directory. */
  @Override
  public void close() {
    for (String cluster : List.of("replica", "primary")) {
      Path data = dir.resolve(cluster);
      if (Files.exists(data.resolve("postmaster.pid"))) {
        try {
          asOwner(
              BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
        } catch (IOException | RuntimeException e) {
          System.err.println("cannot stop the " + cluster + ": " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + dir + ": " + e.getMessage());
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void asOwner(String... cmd) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (root()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(cmd));
    run(full);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ":\n" + out);
    }
  }

  /** Two free ports among this project's own (26610–26619). */
  private static int[] freePorts() throws IOException {
    int[] found = new int[2];
    int n = 0;
    for (int port = FIRST_PORT; port <= LAST_PORT && n < 2; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        found[n++] = port;
      } catch (IOException taken) {
        // next
      }
    }
    if (n < 2) {
      throw new IOException("no two free ports in " + FIRST_PORT + "-" + LAST_PORT);
    }
    return found;
  }
}
