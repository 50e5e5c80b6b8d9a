package dev.tidemark.server.testing;

import dev.tidemark.server.db.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for tests: one embedded PostgreSQL per test JVM, a fresh database in it per caller;
 * and, where {@code TIDEMARK_TEST_TIMESCALEDB_URL} names a TimescaleDB server (a JDBC URL of any
 * database there, user and password as URL parameters), fresh databases on that server too; and,
 * where {@code TIDEMARK_TEST_CITUS_URL} names a Citus coordinator, a fresh schema there.
 */
public final class TestDatabase {
  public static final String TIMESCALEDB_ENV = "TIDEMARK_TEST_TIMESCALEDB_URL";
  public static final String CITUS_ENV = "TIDEMARK_TEST_CITUS_URL";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedDatabase embedded;

  private TestDatabase() {}

  /** A JDBC URL of a new, empty database of the JVM's embedded PostgreSQL (user postgres). */
  public static synchronized String freshPostgres() {
    if (embedded == null) {
      try {
        Path dir = Files.createTempDirectory("tidemark-test-pg");
        embedded = EmbeddedDatabase.start(dir, EmbeddedDatabase.Durability.FAST);
        EmbeddedDatabase e = embedded;
        // stopped and removed at exit: each test JVM's cluster grows to 1-2 GB, and left behind
        // they filled the disk of the machine the suite runs on
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      e.close();
                      deleteTree(dir);
                    },
                    "test-postgres-stop"));
      } catch (java.io.IOException ex) {
        throw new IllegalStateException("cannot create a directory for the test database", ex);
      }
    }
    String name = newName();
    create(embedded.jdbcUrl("postgres") + "?user=postgres", name);
    return embedded.jdbcUrl(name) + "?user=postgres";
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete()); // best effort: a file that stays is left
    } catch (java.io.IOException | RuntimeException ignored) {
      // nothing more to do at exit
    }
  }

  /** A JDBC URL of a new database on the TimescaleDB server, when the environment names one. */
  public static Optional<String> freshTimescale() {
    String url = System.getenv(TIMESCALEDB_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String name = newName();
    create(url, name);
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    String params = q < 0 ? "" : url.substring(q);
    return Optional.of(base.substring(0, base.lastIndexOf('/') + 1) + name + params);
  }

  /**
   * A JDBC URL of the Citus coordinator whose search path is a new, empty schema, when the
   * environment names one. Only the database that holds the citus extension (and the node metadata)
   * can distribute tables, so tests share it and each gets a schema of its own; Citus creates the
   * schema on the workers with the first table distributed in it.
   */
  public static Optional<String> freshCitus() {
    String url = System.getenv(CITUS_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String name = newName();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test schema " + name + " on Citus: " + e.getMessage(), e);
    }
    // 4 shards a table instead of Citus' 32: still spread over every worker, and a test's day
    // partitions create 8 times fewer shard tables; each session keeps its 2 connections per worker
    // (Citus keeps 1 by default and opens the other anew for every multi-shard query)
    return Optional.of(
        url
            + (url.indexOf('?') < 0 ? "?" : "&")
            + "currentSchema="
            + name
            + "&options=-c%20citus.shard_count%3D4%20-c%20citus.max_cached_conns_per_worker%3D2");
  }

  private static String newName() {
    return "t_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
  }

  private static void create(String adminUrl, String name) {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database " + name + ": " + e.getMessage(), e);
    }
  }
}
