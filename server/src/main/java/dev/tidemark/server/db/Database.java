package dev.tidemark.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and the threads that use it. One JDBC driver serves every path: pgjdbc's
 * binary COPY is the fastest bulk write measured here (DESIGN.md), and the same blocking driver
 * answers reads. Blocking calls run on this class's own bounded pool and come back to the caller's
 * Vert.x context as a {@link Future}; when the pool and its queue are full the Future fails with
 * {@link OverloadedException} instead of queueing without limit.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Connections of the background pool: the storage writer's transactions, one at a time. */
  private static final int BACKGROUND_POOL = 2;

  private final HikariDataSource pool;
  private final HikariDataSource reads;
  private final HikariDataSource background;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor readers;
  private final Flavor flavor;
  private final boolean replica;

  private Database(
      HikariDataSource pool,
      HikariDataSource reads,
      HikariDataSource background,
      int threads,
      int maxPending,
      Flavor flavor,
      boolean replica) {
    this.pool = pool;
    this.reads = reads;
    this.background = background;
    this.flavor = flavor;
    this.replica = replica;
    this.workers = executor("tidemark-db-", threads, maxPending);
    this.readers = executor("tidemark-db-read-", threads, maxPending);
  }

  private static ThreadPoolExecutor executor(String prefix, int threads, int maxPending) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(maxPending),
        r -> {
          Thread t = new Thread(r, prefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Connects and decides the flavor: {@code timescaledb} is "auto", "on" or "off" (see {@code
   * storage.timescaledb}); Citus is used where its extension is installed.
   */
  public static Database connect(
      String url, String user, String password, int poolSize, int maxPending, String timescaledb) {
    return connect(url, user, password, null, poolSize, maxPending, timescaledb, "auto");
  }

  /**
   * Where queries read when it is not the primary: a streaming replica ({@code database.read.url}).
   */
  public record ReadReplica(String url, String user, String password) {}

  /**
   * Connects and decides the flavor: {@code timescaledb} and {@code citus} are "auto", "on" or
   * "off" (see {@code storage.timescaledb} and {@code storage.citus}). With {@code replica} not
   * null the read pool connects there: queries ({@link #call}) read there; everything else, reads
   * that must see this server's own writes included, stays on the primary.
   */
  public static Database connect(
      String url,
      String user,
      String password,
      ReadReplica replica,
      int poolSize,
      int maxPending,
      String timescaledb,
      String citus) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(1);
    hc.setPoolName("tidemark");
    hc.setConnectionTimeout(10_000);
    hc.setInitializationFailTimeout(-1);
    hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    hc.addDataSourceProperty("ApplicationName", "tidemark");
    HikariDataSource pool = new HikariDataSource(hc);
    HikariConfig rc = new HikariConfig();
    hc.copyStateTo(rc);
    rc.setPoolName("tidemark-read");
    if (replica != null) {
      rc.setJdbcUrl(replica.url());
      rc.setUsername(replica.user());
      rc.setPassword(replica.password());
    }
    HikariDataSource reads = new HikariDataSource(rc);
    HikariConfig bc = new HikariConfig();
    hc.copyStateTo(bc);
    bc.setPoolName("tidemark-background");
    bc.setMaximumPoolSize(BACKGROUND_POOL);
    bc.setMinimumIdle(0);
    Properties named = new Properties();
    named.putAll(hc.getDataSourceProperties()); // copyStateTo shares the object
    named.setProperty("ApplicationName", "tidemark-background");
    bc.setDataSourceProperties(named);
    HikariDataSource background = new HikariDataSource(bc);
    try {
      Flavor flavor =
          CitusDetection.isCitus(pool, citus) ? Flavor.CITUS : detectFlavor(pool, timescaledb);
      LOG.info(
          "database connected [flavor={}, pool={}, read pool={}, background pool={}{}]",
          flavor,
          poolSize,
          poolSize,
          BACKGROUND_POOL,
          replica == null ? "" : ", reads from a replica");
      return new Database(pool, reads, background, poolSize, maxPending, flavor, replica != null);
    } catch (SQLException | RuntimeException e) {
      background.close();
      reads.close();
      pool.close();
      throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
    }
  }

  private static Flavor detectFlavor(HikariDataSource pool, String mode) throws SQLException {
    if (mode.equals("off")) {
      return Flavor.POSTGRES;
    }
    boolean available;
    boolean loadable;
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'),"
                    + " EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')"
                    + " OR current_setting('shared_preload_libraries') ~ '(^|[ ,])timescaledb'")) {
      rs.next();
      available = rs.getBoolean(1);
      loadable = rs.getBoolean(2);
    }
    if (available && loadable) {
      return Flavor.TIMESCALEDB;
    }
    String fix =
        available
            ? "the timescaledb package is installed but not preloaded: add timescaledb to"
                + " shared_preload_libraries in postgresql.conf and restart PostgreSQL"
            : "the timescaledb extension is not available in this database";
    if (mode.equals("on")) {
      throw new SQLException("storage.timescaledb=on but " + fix);
    }
    if (available) {
      LOG.warn(
          "storage.timescaledb=auto: using plain PostgreSQL because {}; set storage.timescaledb=off"
              + " to keep plain PostgreSQL without this warning",
          fix);
    }
    return Flavor.POSTGRES;
  }

  public Flavor flavor() {
    return flavor;
  }

  /**
   * Runs blocking work on a connection of the read pool, on the read threads, away from any event
   * loop. Queries use it: the storage writer, maintenance and uploads take connections from the
   * other pool, so a query never waits for a connection or a thread behind them. With {@code
   * database.read.url} the read pool is on a streaming replica: work here must only read, and may
   * not see a write committed on the primary a moment ago.
   */
  public <T> Future<T> call(Context context, SqlWork<T> work) {
    return run(
        readers,
        context,
        () -> {
          try (Connection c = reads.getConnection()) {
            return work.run(c);
          }
        });
  }

  /**
   * Runs blocking work that takes its own connections (through {@link #withConnection} or {@link
   * #inTransaction}) on this class's threads; the result comes back on {@code context}.
   */
  public <T> Future<T> submit(Context context, Callable<T> work) {
    return run(workers, context, work);
  }

  private static <T> Future<T> run(ThreadPoolExecutor workers, Context context, Callable<T> work) {
    Promise<T> promise = Promise.promise();
    try {
      workers.execute(
          () -> {
            try {
              T result = work.call();
              context.runOnContext(v -> promise.complete(result));
            } catch (Throwable t) {
              context.runOnContext(v -> promise.fail(t));
            }
          });
    } catch (RejectedExecutionException e) {
      promise.fail(
          new OverloadedException(
              "cannot accept request now: all database workers are busy [queued="
                  + workers.getQueue().size()
                  + "]"));
    }
    return promise.future();
  }

  /** Runs blocking work on a pooled connection on the calling thread. */
  public <T> T withConnection(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  /** Runs work in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return transaction(c, work);
    }
  }

  /**
   * Runs work in one transaction on a connection of the background pool ({@value #BACKGROUND_POOL}
   * connections apart from the others): the storage writer's, which lowers the CPU priority of its
   * database sessions for good ({@code wal.writer.nice}), so that a lowered session never serves
   * anything else (the head feed creating series, alerting, uploads).
   */
  public <T> T inBackgroundTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = background.getConnection()) {
      return transaction(c, work);
    }
  }

  private static <T> T transaction(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Whether {@link #call} reads from a streaming replica rather than the primary. */
  public boolean readsFromReplica() {
    return replica;
  }

  /**
   * Runs blocking work on a connection of the read pool on the calling thread: the replica's lag is
   * read this way ({@link ReplicaLag}).
   */
  public <T> T withReadConnection(SqlWork<T> work) throws SQLException {
    try (Connection c = reads.getConnection()) {
      return work.run(c);
    }
  }

  /** Database work waiting or running. */
  public int pending() {
    return workers.getQueue().size()
        + workers.getActiveCount()
        + readers.getQueue().size()
        + readers.getActiveCount();
  }

  /** Stops taking work, lets queued work finish (up to the timeout), closes the pool. */
  @Override
  public void close() {
    close(30, TimeUnit.SECONDS);
  }

  public void close(long timeout, TimeUnit unit) {
    workers.shutdown();
    readers.shutdown();
    try {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      boolean done = workers.awaitTermination(timeout, unit);
      done &=
          readers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (!done) {
        LOG.warn("database work still running at shutdown [pending={}]", pending());
        workers.shutdownNow();
        readers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    background.close();
    reads.close();
    pool.close();
  }
}
