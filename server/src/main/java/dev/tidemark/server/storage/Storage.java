package dev.tidemark.server.storage;

import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.db.Migrator;
import dev.tidemark.server.storage.block.Packer;
import dev.tidemark.server.storage.citus.CitusLayout;
import dev.tidemark.server.storage.head.Head;
import dev.tidemark.server.storage.head.HeadSettings;
import dev.tidemark.server.storage.tier.RetentionPreview;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.storage.tier.TierStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything between the ingest handlers and the database: schema, series registry, the writer, the
 * reader, tiers and their retention. All SQL of the server lives in this package.
 */
public final class Storage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

  private final Database database;
  private final TierStore tierStore;
  private final SeriesRegistry registry;
  private final SampleWriter writer;
  private final SeriesReader reader = new SeriesReader(this::head);
  private volatile Head head = Head.off();
  private final dev.tidemark.server.storage.traces.SpanStore spans;
  private volatile Duration spanRetention = Duration.ofDays(30);
  private final Clock clock;
  private volatile TierPlan plan;
  private ScheduledExecutorService maintenance;
  private volatile String maintenanceState = "ok";
  private final CountDownLatch firstMaintenance = new CountDownLatch(1);

  private Storage(Database database, TierPlan plan, long cacheSize, Clock clock) {
    this.database = database;
    this.tierStore = TierStore.of(database.flavor());
    this.registry = new SeriesRegistry(cacheSize);
    this.writer =
        new SampleWriter(
            database, registry, tierStore, () -> this.plan.lateAfter(), clock, this::head);
    this.plan = plan;
    this.clock = clock;
    this.spans = new dev.tidemark.server.storage.traces.SpanStore(database, clock);
  }

  /**
   * Migrates the schema, creates the tiers of {@code configured} and applies the retention set at
   * run time earlier (it overrides the configured one, and is logged when it does).
   */
  public static Storage open(Database database, TierPlan configured, long cacheSize, Clock clock)
      throws SQLException {
    Storage storage = new Storage(database, configured, cacheSize, clock);
    database.withConnection(
        c -> {
          Migrator.migrate(
              c,
              database.flavor(),
              conn -> {
                storage.tierStore.create(conn, configured);
                if (database.flavor() == Flavor.CITUS) {
                  CitusLayout.apply(conn, configured);
                }
                Map<String, String> saved = savedRetention(conn, configured);
                if (!saved.isEmpty()) {
                  LOG.info("retention set at run time overrides the configuration: {}", saved);
                  storage.plan = configured.withRetention(saved);
                }
                storage.tierStore.applyPolicies(conn, storage.plan);
                return null;
              });
          return null;
        });
    return storage;
  }

  private static Map<String, String> savedRetention(Connection c, TierPlan plan)
      throws SQLException {
    Map<String, String> saved = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT tier, keep FROM tier_retention")) {
      while (rs.next()) {
        if (plan.tier(rs.getString(1)).isPresent()) {
          saved.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return saved;
  }

  /**
   * What {@code changes} would drop now, per tier, without changing anything; throws naming the
   * broken rule.
   */
  public Map<String, RetentionPreview.TierLoss> previewRetention(Map<String, String> changes)
      throws SQLException {
    TierPlan next = plan.withRetention(changes);
    return database.withConnection(
        c -> RetentionPreview.of(c, next, changes.keySet(), clock.instant()));
  }

  /** Checks and applies new retention for some tiers; throws naming the broken rule. */
  public synchronized TierPlan setRetention(Map<String, String> changes) throws SQLException {
    TierPlan next = plan.withRetention(changes);
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tier_retention (tier, keep) VALUES (?, ?)"
                      + " ON CONFLICT (tier) DO UPDATE SET keep = excluded.keep,"
                      + " updated_at = now()")) {
            for (String tier : changes.keySet()) {
              ps.setString(1, tier);
              ps.setString(2, next.tier(tier).orElseThrow().retentionText());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          tierStore.applyPolicies(c, next);
          return null;
        });
    plan = next;
    LOG.info("retention changed: {}", next.retention());
    return next;
  }

  /**
   * Runs the maintenance pass periodically: on plain PostgreSQL partitions, rollups and retention;
   * on every flavor the refresh of days that received late samples.
   */
  public void startMaintenance(Duration interval) {
    maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tidemark-maintenance");
              t.setDaemon(true);
              return t;
            });
    maintenance.scheduleWithFixedDelay(
        this::maintainOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the first scheduled maintenance pass has ended (it runs at once after {@link
   * #startMaintenance}): a caller that then ages data knows no pass of the start overlaps it.
   */
  public boolean awaitFirstMaintenance(Duration timeout) throws InterruptedException {
    return firstMaintenance.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void maintainOnce() {
    try {
      maintain();
      if (!maintenanceState.equals("ok")) {
        LOG.info("storage maintenance recovered");
      }
      maintenanceState = "ok";
    } catch (SQLException | RuntimeException e) {
      String state = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!state.equals(maintenanceState)) { // log once per state change, not per attempt
        LOG.warn("cannot run storage maintenance: {}", state);
      }
      maintenanceState = state;
    } finally {
      firstMaintenance.countDown();
    }
  }

  /** True when the database answers and its schema is the one this server expects. */
  public boolean ready() {
    try {
      return database.withConnection(Migrator::currentVersion) == Migrator.latestVersion();
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public Database database() {
    return database;
  }

  public TierStore tiers() {
    return tierStore;
  }

  public TierPlan plan() {
    return plan;
  }

  public SampleWriter writer() {
    return writer;
  }

  public SeriesReader reader() {
    return reader;
  }

  /**
   * Opens the in-memory head of recent raw samples ({@link Head}); before the storage writer's
   * first chunk, since the head must see every write of this process after its start is set.
   */
  public Head startHead(HeadSettings settings) throws SQLException {
    Head opened =
        database.withConnection(c -> Head.open(c, settings, clock, () -> plan.raw().retention()));
    head = opened;
    return opened;
  }

  /** The head of recent raw samples; {@link Head#off()} until {@link #startHead}. */
  public Head head() {
    return head;
  }

  /** One maintenance pass now (tests, and operators through the code). */
  public synchronized void maintain() throws SQLException {
    database.withConnection(
        c -> {
          tierStore.maintain(c, plan, clock.instant());
          LateRefresh.run(c, tierStore, plan, clock.instant());
          forgetExpired(c);
          spans.expire(c, database.flavor(), spanRetention);
          return null;
        });
    if (database.flavor().plainLayout()) {
      pack();
    }
  }

  /**
   * Plain PostgreSQL: packs the raw day partitions older than {@code storage.compress.after} into
   * per-series hour blocks, a day per transaction (TimescaleDB's columnstore does this there).
   */
  private void pack() throws SQLException {
    Map<String, java.time.Instant> days =
        database.withConnection(
            c -> Packer.packableDays(c, clock.instant().minus(plan.compressAfter())));
    for (Map.Entry<String, java.time.Instant> day : days.entrySet()) {
      long started = System.nanoTime();
      long samples = database.inTransaction(c -> Packer.packDay(c, day.getKey(), day.getValue()));
      LOG.info(
          "packed raw samples into blocks [day={}, samples={}, ms={}]",
          day.getValue(),
          samples,
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Staleness markers live as long as the raw samples they end; the ids of stored agent batches as
   * long as a resent batch could still be accepted (after the acceptance window every sample of it
   * is refused anyway, so it cannot be stored twice).
   */
  private void forgetExpired(Connection c) throws SQLException {
    Optional<Duration> keep = plan.raw().retention();
    if (keep.isPresent()) {
      deleteBefore(c, "DELETE FROM stale_markers WHERE ts < ?", keep.get());
    }
    SampleRules rules = SampleRules.defaults();
    Duration window = rules.maxAge().plus(rules.maxFuture()).plusDays(1);
    deleteBefore(c, "DELETE FROM ingest_batches WHERE stored_at < ?", window);
    // a protocol client resends within seconds to minutes of a lost answer (ContentId)
    deleteBefore(
        c,
        "DELETE FROM ingest_batches WHERE agent LIKE '~%' AND stored_at < ?",
        Duration.ofDays(1));
  }

  private void deleteBefore(Connection c, String sql, Duration age) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().minus(age)));
      ps.executeUpdate();
    }
  }

  public dev.tidemark.server.storage.traces.SpanStore spans() {
    return spans;
  }

  /** How long spans are kept (traces.retention); maintenance deletes older ones. */
  public void spanRetention(Duration keep) {
    this.spanRetention = keep;
  }

  public SeriesRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (maintenance != null) {
      maintenance.shutdownNow();
    }
  }
}
