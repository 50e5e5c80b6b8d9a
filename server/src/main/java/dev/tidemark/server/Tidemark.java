package dev.tidemark.server;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.alerting.AlertingService;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.EmbeddedDatabase;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.db.ReplicaLag;
import dev.tidemark.server.http.Auth;
import dev.tidemark.server.http.HeadMetrics;
import dev.tidemark.server.http.HttpVerticle;
import dev.tidemark.server.http.Readiness;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.http.TimescaleJobsMetrics;
import dev.tidemark.server.http.TokenFile;
import dev.tidemark.server.releases.compare.Comparer;
import dev.tidemark.server.releases.compare.DailyScoring;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.head.HeadSettings;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.storage.tier.TimescaleJobs;
import dev.tidemark.server.wal.Backpressure;
import dev.tidemark.server.wal.ServerIdentity;
import dev.tidemark.server.wal.StorageWriter;
import dev.tidemark.server.wal.WalSink;
import dev.tidemark.server.wal.WriteAheadLog;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: database (embedded or configured) → storage → write-ahead queue and its
 * writer → HTTP. {@link #close()} stops in the reverse order: stop accepting and finish in-flight
 * requests, let the writer finish the chunk in hand, close the queue, close the database. ({@code
 * server.shutdown.delay} first, with {@code /ready} answering 503.)
 */
public final class Tidemark implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tidemark.class);

  private final Config config;
  private final Deque<AutoCloseable> parts;
  private final Storage storage;
  private final StorageWriter writer;
  private final HttpVerticle http;
  private final ServerMetrics metrics;
  private final AlertingService alerting;
  private final AtomicBoolean stopping;

  private Tidemark(
      Config config,
      Deque<AutoCloseable> parts,
      Storage storage,
      StorageWriter writer,
      HttpVerticle http,
      ServerMetrics metrics,
      AlertingService alerting,
      AtomicBoolean stopping) {
    this.alerting = alerting;
    this.stopping = stopping;
    this.config = config;
    this.parts = parts;
    this.storage = storage;
    this.writer = writer;
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
    String tokensFile = config.string(ConfigKey.AUTH_TOKENS_FILE);
    Auth auth =
        tokensFile.isBlank()
            ? Auth.parse(config.string(ConfigKey.AUTH_TOKENS))
            : Auth.withFile(config.string(ConfigKey.AUTH_TOKENS), Clock.systemUTC());
    long timeout = config.duration(ConfigKey.SHUTDOWN_TIMEOUT).toMillis();
    Path dataDir = config.path(ConfigKey.DATA_DIR);
    Deque<AutoCloseable> parts = new ArrayDeque<>(); // closed last-in, first-out
    try {
      if (!tokensFile.isBlank()) {
        parts.push(
            TokenFile.watch(
                Path.of(tokensFile),
                auth,
                config.duration(ConfigKey.AUTH_TOKENS_GRACE),
                Duration.ofSeconds(1)));
      }
      String serverId = ServerIdentity.load(dataDir); // before the queue: an old one adopts
      LOG.info("server identity {} (from {})", serverId, dataDir.resolve(ServerIdentity.FILE));
      String url = config.string(ConfigKey.DATABASE_URL);
      String user = config.string(ConfigKey.DATABASE_USER);
      boolean embeddedDatabase = url.isBlank();
      if (embeddedDatabase) {
        EmbeddedDatabase embedded =
            EmbeddedDatabase.start(
                dataDir.resolve("postgres"),
                config.string(ConfigKey.DATABASE_EMBEDDED_DURABILITY).equals("fast")
                    ? EmbeddedDatabase.Durability.FAST
                    : EmbeddedDatabase.Durability.DURABLE);
        parts.push(embedded);
        url = embedded.jdbcUrl("postgres");
        user = embedded.user();
      }
      Database database =
          Database.connect(
              url,
              user,
              config.string(ConfigKey.DATABASE_PASSWORD),
              readReplica(config),
              config.integer(ConfigKey.DATABASE_POOL_SIZE),
              config.integer(ConfigKey.DATABASE_MAX_PENDING),
              config.string(ConfigKey.STORAGE_TIMESCALEDB),
              config.string(ConfigKey.STORAGE_CITUS));
      parts.push(() -> database.close(timeout, TimeUnit.MILLISECONDS));
      Storage storage =
          Storage.open(
              database,
              plan,
              config.integer(ConfigKey.STORAGE_SERIES_CACHE_SIZE),
              Clock.systemUTC());
      parts.push(storage);
      storage.spanRetention(config.duration(ConfigKey.TRACES_RETENTION));
      storage.startMaintenance(config.duration(ConfigKey.STORAGE_MAINTENANCE_INTERVAL));

      ServerMetrics metrics = new ServerMetrics();
      metrics.collector(BuildInfo.current()::render);
      WriteAheadLog wal = WriteAheadLog.open(dataDir.resolve("wal"), Clock.systemUTC());
      parts.push(wal);
      StorageWriter writer =
          new StorageWriter(
              wal,
              storage.writer(),
              metrics,
              config.integer(ConfigKey.WAL_WRITER_BATCH_ROWS),
              config.duration(ConfigKey.WAL_WRITER_LINGER),
              config.duration(ConfigKey.WAL_KEEP),
              dataDir.resolve("wal-dead-letters.jsonl"),
              Clock.systemUTC());
      storage.startHead(
          new HeadSettings(
              config.bool(ConfigKey.STORAGE_HEAD_ENABLED),
              config.duration(ConfigKey.STORAGE_HEAD_WINDOW),
              config.integer(ConfigKey.STORAGE_HEAD_MAX_SAMPLES),
              config.duration(ConfigKey.INGEST_MAX_SAMPLE_FUTURE)));
      storage.writer().identify(serverId);
      int nice = config.integer(ConfigKey.WAL_WRITER_NICE);
      writer.runAtNice(nice);
      if (embeddedDatabase) {
        storage.writer().lowerSessions(nice); // its sessions are processes on this machine
      }
      writer.start();
      parts.push(writer);
      Backpressure backpressure =
          new Backpressure(
              wal,
              writer,
              config.bytes(ConfigKey.WAL_MAX_LAG_BYTES),
              config.duration(ConfigKey.WAL_MAX_LAG_AGE),
              config.bytes(ConfigKey.WAL_MIN_FREE_DISK));
      registerGauges(metrics, storage, database, wal, writer, backpressure);
      WalSink walSink = new WalSink(wal, backpressure);
      AlertingService alerting =
          AlertingService.create(
              config, storage, walSink, metrics, HttpVerticle.queryLimits(config));
      parts.push(alerting);
      Duration scoring = config.duration(ConfigKey.RELEASES_SCORING_INTERVAL);
      if (!scoring.isZero()) {
        Comparer comparer = Comparer.of(storage, config, walSink);
        parts.push(
            new DailyScoring(storage, comparer, comparer.series(), scoring, Clock.systemUTC())
                .start());
      }
      TimescaleJobs jobs =
          database.flavor() == Flavor.TIMESCALEDB
              ? new TimescaleJobs(database, Clock.systemUTC())
              : null;
      if (jobs != null) {
        metrics.collector(sb -> TimescaleJobsMetrics.render(jobs.snapshot(), sb));
      }
      ReplicaLag replicaLag =
          database.readsFromReplica() ? new ReplicaLag(database, Clock.systemUTC()) : null;
      if (replicaLag != null) {
        registerReplicaGauges(metrics, replicaLag);
      }
      AtomicBoolean stopping = new AtomicBoolean();

      Vertx vertx = Vertx.vertx();
      parts.push(() -> vertx.close().await(timeout, TimeUnit.MILLISECONDS));
      HttpVerticle http =
          new HttpVerticle(
              config,
              storage,
              walSink,
              rules(config),
              metrics,
              auth,
              readiness(storage, writer, backpressure, jobs, replicaLag, stopping),
              alerting);
      vertx.deployVerticle(http).await();
      alerting.start();
      LOG.info(
          "tidemark listening [address=http://{}:{}, flavor={}, tiers={}]",
          config.string(ConfigKey.HTTP_HOST),
          http.port(),
          database.flavor(),
          storage.plan().retention());
      return new Tidemark(config, parts, storage, writer, http, metrics, alerting, stopping);
    } catch (Exception | Error e) {
      closeAll(parts);
      throw e;
    }
  }

  private static void registerGauges(
      ServerMetrics metrics,
      Storage storage,
      Database database,
      WriteAheadLog wal,
      StorageWriter writer,
      Backpressure backpressure) {
    metrics.gauge(
        "tidemark_series_cache_entries",
        "Series ids held in memory.",
        () -> storage.registry().cachedSize());
    metrics.gauge(
        "tidemark_database_pending", "Database operations queued or running.", database::pending);
    metrics.gauge(
        "tidemark_wal_lag_bytes", "Write-ahead bytes not yet in the database.", writer::lagBytes);
    metrics.gauge(
        "tidemark_wal_lag_entries",
        "Write-ahead entries not yet in the database.",
        writer::lagEntries);
    metrics.gauge(
        "tidemark_wal_lag_seconds",
        "Age of the oldest write-ahead entry not yet in the database.",
        () -> writer.lagAge().toMillis() / 1000.0);
    metrics.gauge(
        "tidemark_wal_disk_bytes", "Size of the write-ahead queue files.", wal::diskBytes);
    metrics.gauge(
        "tidemark_wal_free_disk_bytes",
        "Free disk under the write-ahead queue.",
        backpressure::freeDisk);
    HeadMetrics.register(metrics, storage::head, writer::headLagEntries, writer::headHandedEntries);
    metrics.gauge(
        "tidemark_storage_writer_up",
        "1 while the storage writer can write to the database.",
        () -> writer.healthy() ? 1 : 0);
  }

  /** The replica's lag, read on each scrape (at most once a second). */
  private static void registerReplicaGauges(ServerMetrics metrics, ReplicaLag lag) {
    metrics.gauge(
        "tidemark_database_replica_up",
        "1 while the replica queries read from answers and is in recovery (a standby).",
        () -> lag.read().up() ? 1 : 0);
    metrics.gauge(
        "tidemark_database_replica_lag_seconds",
        "How long ago the replica replayed its last transaction while it has more to replay; 0"
            + " when caught up.",
        () -> lag.read().seconds());
    metrics.gauge(
        "tidemark_database_replica_lag_bytes",
        "WAL bytes written on the primary and not yet replayed on the replica.",
        () -> lag.read().bytes());
  }

  private static Readiness readiness(
      Storage storage,
      StorageWriter writer,
      Backpressure backpressure,
      TimescaleJobs jobs,
      ReplicaLag replicaLag,
      AtomicBoolean stopping) {
    return new Readiness() {
      @Override
      public Map<String, String> problems() {
        if (stopping.get()) { // first thing on SIGTERM: load balancers move away
          return Map.of("server", "shutting down");
        }
        return Tidemark.problems(storage, writer, backpressure);
      }

      @Override
      public Map<String, Object> detail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (jobs != null) {
          detail.put("timescaledb", TimescaleJobsMetrics.detail(jobs.snapshot()));
        }
        if (replicaLag != null) {
          detail.put("replica", replicaLag.read().detail());
        }
        return detail;
      }
    };
  }

  private static Database.ReadReplica readReplica(Config config) {
    String url = config.string(ConfigKey.DATABASE_READ_URL);
    if (url.isBlank()) {
      return null;
    }
    String user = config.string(ConfigKey.DATABASE_READ_USER);
    String password = config.string(ConfigKey.DATABASE_READ_PASSWORD);
    return new Database.ReadReplica(
        url,
        user.isBlank() ? config.string(ConfigKey.DATABASE_USER) : user,
        password.isBlank() ? config.string(ConfigKey.DATABASE_PASSWORD) : password);
  }

  private static Map<String, String> problems(
      Storage storage, StorageWriter writer, Backpressure backpressure) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!storage.ready()) {
      problems.put("database", "unreachable or schema not current");
    }
    if (!writer.healthy()) {
      problems.put("writer", writer.state());
    }
    String refusal = backpressure.refusal();
    if (refusal != null) {
      problems.put("wal", refusal);
    }
    return problems;
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

  public StorageWriter writer() {
    return writer;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public Config config() {
    return config;
  }

  public AlertingService alerting() {
    return alerting;
  }

  /**
   * Stops gracefully: {@code /ready} answers 503 at once while requests are still served for {@code
   * server.shutdown.delay}; then the listener closes (new connections are refused) and in-flight
   * requests finish (up to {@code server.shutdown.timeout}); then the writer, the queue and the
   * database. What the queue holds and the database does not yet is stored after the next start,
   * from this server's own position.
   */
  @Override
  public void close() {
    stopping.set(true);
    Duration delay = config.duration(ConfigKey.SHUTDOWN_DELAY);
    LOG.info("tidemark stopping [delay={}]", delay);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeAll(parts);
    LOG.info("tidemark stopped");
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        LOG.warn("cannot stop cleanly: {}", e.toString());
      }
    }
  }
}
