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

  private final HikariDataSource pool;
  private final ThreadPoolExecutor workers;
  private final Flavor flavor;

  private Database(HikariDataSource pool, int threads, int maxPending, Flavor flavor) {
    this.pool = pool;
    this.flavor = flavor;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(maxPending),
            r -> {
              Thread t = new Thread(r, "tidemark-db-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Connects and decides the flavor: {@code timescaledb} is "auto", "on" or "off" (see {@code
   * storage.timescaledb}).
   */
  public static Database connect(
      String url, String user, String password, int poolSize, int maxPending, String timescaledb) {
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
    try {
      Flavor flavor = detectFlavor(pool, timescaledb);
      LOG.info("database connected [flavor={}, pool={}]", flavor, poolSize);
      return new Database(pool, poolSize, maxPending, flavor);
    } catch (SQLException | RuntimeException e) {
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

  /** Runs blocking work on a pooled connection, away from any event loop. */
  public <T> Future<T> call(Context context, SqlWork<T> work) {
    return submit(context, () -> withConnection(work));
  }

  /**
   * Runs blocking work that takes its own connections (through {@link #withConnection} or {@link
   * #inTransaction}) on this class's threads; the result comes back on {@code context}.
   */
  public <T> Future<T> submit(Context context, Callable<T> work) {
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
    return withConnection(
        c -> {
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
        });
  }

  /** Database work waiting or running. */
  public int pending() {
    return workers.getQueue().size() + workers.getActiveCount();
  }

  /** Stops taking work, lets queued work finish (up to the timeout), closes the pool. */
  @Override
  public void close() {
    close(30, TimeUnit.SECONDS);
  }

  public void close(long timeout, TimeUnit unit) {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(timeout, unit)) {
        LOG.warn("database work still running at shutdown [pending={}]", pending());
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
  }
}
