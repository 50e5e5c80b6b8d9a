package dev.tidemark.server;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.EmbeddedDatabase;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.http.Auth;
import dev.tidemark.server.http.HttpVerticle;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.DirectSink;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: database (embedded or configured) → storage → HTTP. {@link #close()} shuts it
 * down in the reverse order: stop accepting, finish in-flight writes, close the database.
 */
public final class Tidemark implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tidemark.class);

  private final Config config;
  private final EmbeddedDatabase embedded;
  private final Database database;
  private final Storage storage;
  private final Vertx vertx;
  private final HttpVerticle http;
  private final ServerMetrics metrics;

  private Tidemark(
      Config config,
      EmbeddedDatabase embedded,
      Database database,
      Storage storage,
      Vertx vertx,
      HttpVerticle http,
      ServerMetrics metrics) {
    this.config = config;
    this.embedded = embedded;
    this.database = database;
    this.storage = storage;
    this.vertx = vertx;
    this.http = http;
    this.metrics = metrics;
  }

  /** Starts everything and returns once the HTTP port is listening. */
  public static Tidemark start(Config config) throws Exception {
    TierPlan plan =
        TierPlan.parse(
            config.string(ConfigKey.STORAGE_TIERS),
            config.duration(ConfigKey.STORAGE_LATE_WINDOW),
            config.duration(ConfigKey.STORAGE_COMPRESS_AFTER));
    Auth auth = Auth.parse(config.string(ConfigKey.AUTH_TOKENS));
    EmbeddedDatabase embedded = null;
    String url = config.string(ConfigKey.DATABASE_URL);
    String user = config.string(ConfigKey.DATABASE_USER);
    if (url.isBlank()) {
      embedded = EmbeddedDatabase.start(config.path(ConfigKey.DATA_DIR).resolve("postgres"));
      url = embedded.jdbcUrl("postgres");
      user = embedded.user();
    }
    Database database = null;
    Storage storage = null;
    Vertx vertx = null;
    try {
      database =
          Database.connect(
              url,
              user,
              config.string(ConfigKey.DATABASE_PASSWORD),
              config.integer(ConfigKey.DATABASE_POOL_SIZE),
              config.integer(ConfigKey.DATABASE_MAX_PENDING),
              config.string(ConfigKey.STORAGE_TIMESCALEDB));
      storage =
          Storage.open(
              database,
              plan,
              config.integer(ConfigKey.STORAGE_SERIES_CACHE_SIZE),
              Clock.systemUTC());
      if (database.flavor() == Flavor.POSTGRES) {
        storage.startMaintenance(config.duration(ConfigKey.STORAGE_MAINTENANCE_INTERVAL));
      }
      ServerMetrics metrics = new ServerMetrics();
      Storage s = storage;
      Database db = database;
      metrics.gauge(
          "tidemark_series_cache_entries",
          "Series ids held in memory.",
          () -> s.registry().cachedSize());
      metrics.gauge(
          "tidemark_database_pending", "Database operations queued or running.", db::pending);
      vertx = Vertx.vertx();
      HttpVerticle http =
          new HttpVerticle(
              config,
              storage,
              new DirectSink(vertx, storage, metrics),
              rules(config),
              metrics,
              auth);
      vertx.deployVerticle(http).await();
      LOG.info(
          "tidemark listening [address=http://{}:{}, flavor={}, tiers={}]",
          config.string(ConfigKey.HTTP_HOST),
          http.port(),
          database.flavor(),
          storage.plan().retention());
      return new Tidemark(config, embedded, database, storage, vertx, http, metrics);
    } catch (Exception | Error e) {
      if (vertx != null) {
        vertx.close().await();
      }
      if (storage != null) {
        storage.close();
      }
      if (database != null) {
        database.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  static SampleRules rules(Config config) {
    return new SampleRules(
        config.integer(ConfigKey.INGEST_MAX_LABELS),
        config.integer(ConfigKey.INGEST_MAX_NAME_LENGTH),
        config.integer(ConfigKey.INGEST_MAX_VALUE_LENGTH),
        config.duration(ConfigKey.INGEST_MAX_SAMPLE_AGE),
        config.duration(ConfigKey.INGEST_MAX_SAMPLE_FUTURE),
        (int) config.bytes(ConfigKey.INGEST_MAX_HISTOGRAM_BYTES),
        config.integer(ConfigKey.INGEST_MAX_BATCH_SIZE),
        Clock.systemUTC());
  }

  public int port() {
    return http.port();
  }

  public Storage storage() {
    return storage;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    LOG.info("tidemark stopping");
    long timeout = config.duration(ConfigKey.SHUTDOWN_TIMEOUT).toMillis();
    try {
      vertx.close().await(timeout, TimeUnit.MILLISECONDS); // undeploys: HTTP shutdown first
    } catch (Exception e) {
      LOG.warn("HTTP shutdown did not finish cleanly: {}", e.toString());
    }
    storage.close();
    database.close(timeout, TimeUnit.MILLISECONDS);
    if (embedded != null) {
      embedded.close();
    }
    LOG.info("tidemark stopped");
  }
}
