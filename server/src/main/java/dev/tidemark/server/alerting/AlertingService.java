package dev.tidemark.server.alerting;

import dev.tidemark.alerting.eval.RuleEngine;
import dev.tidemark.alerting.eval.RuleQuerier;
import dev.tidemark.alerting.notify.Backoff;
import dev.tidemark.alerting.notify.Delivery;
import dev.tidemark.alerting.notify.HttpTransport;
import dev.tidemark.alerting.notify.Notifiers;
import dev.tidemark.alerting.notify.Target;
import dev.tidemark.alerting.rules.RuleException;
import dev.tidemark.alerting.rules.RuleFiles;
import dev.tidemark.alerting.rules.RuleGroup;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigException;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.alerting.SqlAlertStore;
import dev.tidemark.server.storage.alerting.SqlReleaseSignals;
import dev.tidemark.server.storage.alerting.SqlRuleGroups;
import dev.tidemark.server.storage.alerting.SqlTimescaleJobs;
import dev.tidemark.server.storage.query.QueryStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule engine wired into the server: rule files and built-in packs from the config, groups
 * managed over REST (kept in the database), expressions answered from storage (the operational pack
 * from the server's own metrics), results written through the write-ahead log, alert state in the
 * database, notifications to Alertmanagers and webhooks.
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);

  /** The file name of groups managed over the REST API. */
  public static final String API_FILE = "api";

  private static final String BUILTIN = "builtin:";

  private final RuleEngine engine;
  private final Notifiers notifiers;
  private final SqlRuleGroups apiGroups;
  private final Duration defaultInterval;
  private final ReleaseSignals releaseSignals; // null unless the releases pack is on

  private AlertingService(
      RuleEngine engine,
      Notifiers notifiers,
      SqlRuleGroups apiGroups,
      Duration defaultInterval,
      ReleaseSignals releaseSignals) {
    this.releaseSignals = releaseSignals;
    this.engine = engine;
    this.notifiers = notifiers;
    this.apiGroups = apiGroups;
    this.defaultInterval = defaultInterval;
  }

  /**
   * Reads the rule files (a bad one fails the start with its position), restores alert state and
   * the REST-managed groups from the database. Blocking; call {@link #start} once HTTP listens.
   */
  public static AlertingService create(
      Config config, Storage storage, IngestSink sink, ServerMetrics metrics, Limits limits)
      throws Exception {
    Duration interval = config.duration(ConfigKey.ALERTING_EVALUATION_INTERVAL);
    List<RuleGroup> groups = new ArrayList<>();
    List<String> packs = list(config.string(ConfigKey.ALERTING_BUILTIN_RULES));
    for (String pack : packs) {
      if (pack.equals("none")) {
        continue;
      }
      groups.addAll(builtin(pack, interval));
    }
    for (String file : list(config.string(ConfigKey.ALERTING_RULE_FILES))) {
      groups.addAll(ruleFile(Path.of(file), interval));
    }
    Notifiers notifiers = notifiers(config, metrics);
    QueryStore store =
        QueryStore.of(storage, config.duration(ConfigKey.STORAGE_MAINTENANCE_INTERVAL));
    RuleQuerier fromStorage =
        new StorageQuerier(
            storage.database(), store, limits, config.integer(ConfigKey.PROMQL_MAX_SAMPLES));
    SelfMetrics self = new SelfMetrics(metrics::render);
    WalSampleSink results = new WalSampleSink(sink);
    RuleEngine engine =
        new RuleEngine(
            group -> group.file().equals(BUILTIN + "ops") ? self : fromStorage,
            results,
            new SqlAlertStore(storage.database()),
            notifiers,
            new RuleEngine.Settings(
                config.duration(ConfigKey.ALERTING_RESEND_DELAY),
                labels(config.string(ConfigKey.ALERTING_EXTERNAL_LABELS)),
                config.integer(ConfigKey.ALERTING_EVALUATION_THREADS),
                Clock.systemUTC()));
    try {
      engine.loadState();
      for (RuleGroup g : groups) {
        engine.put(g);
      }
      SqlRuleGroups apiGroups = new SqlRuleGroups(storage.database());
      for (Map.Entry<String, String> e : apiGroups.all().entrySet()) {
        try {
          engine.put(RuleFiles.parseGroup(API_FILE, e.getValue(), interval));
        } catch (RuleException ex) {
          LOG.warn("cannot load stored rule group: {} [group={}]", ex.getMessage(), e.getKey());
        }
      }
      ReleaseSignals signals =
          packs.contains("releases")
              ? new ReleaseSignals(new SqlReleaseSignals(storage.database()), results)
              : null;
      AlertingService service =
          new AlertingService(engine, notifiers, apiGroups, interval, signals);
      service.registerMetrics(metrics, storage, config.path(ConfigKey.DATA_DIR));
      return service;
    } catch (Exception | Error e) {
      engine.close();
      notifiers.close();
      throw e;
    }
  }

  /** Starts the schedules. */
  public void start() {
    engine.startScheduling();
    if (releaseSignals != null) {
      releaseSignals.start();
    }
    LOG.info(
        "alerting started [groups={}, notifiers={}]",
        engine.groups().size(),
        notifiers.deliveries().stream().map(Delivery::target).toList());
  }

  public RuleEngine engine() {
    return engine;
  }

  /** The release series writer, null unless the releases pack is on. */
  ReleaseSignals releaseSignals() {
    return releaseSignals;
  }

  /** Parses a REST-managed group; throws {@link RuleException} with the position of a problem. */
  public RuleGroup parseApiGroup(String name, String yaml) {
    RuleGroup g = RuleFiles.parseGroup(API_FILE, yaml, defaultInterval);
    if (!g.name().equals(name)) {
      throw new RuleException(
          API_FILE,
          "the group is named \"" + g.name() + "\" but the URL names \"" + name + "\"",
          0,
          0);
    }
    return g;
  }

  /** Stores and schedules a REST-managed group; true when it is new. Blocking. */
  public boolean putApiGroup(RuleGroup g, String yaml) throws Exception {
    boolean created = apiGroups.put(g.name(), yaml);
    engine.put(g);
    return created;
  }

  /** Deletes a REST-managed group; false when there was none. Blocking. */
  public boolean deleteApiGroup(String name) throws Exception {
    boolean existed = apiGroups.delete(name);
    return engine.remove(API_FILE + ";" + name) || existed;
  }

  private void registerMetrics(ServerMetrics metrics, Storage storage, Path dataDir) {
    metrics.gauge(
        "tidemark_alerting_rule_groups", "Rule groups loaded.", () -> engine.groups().size());
    metrics.gauge(
        "tidemark_alerting_alerts_firing",
        "Alerts firing now.",
        () ->
            engine.groups().stream()
                .flatMap(v -> v.runner().alerts().stream())
                .filter(a -> a.state() == dev.tidemark.alerting.eval.AlertState.FIRING)
                .count());
    metrics.gauge(
        "tidemark_alerting_evaluation_failures",
        "Rule evaluations that failed since start.",
        () -> engine.groups().stream().mapToLong(v -> v.stats().failures()).sum());
    metrics.gauge(
        "tidemark_alerting_missed_evaluations",
        "Group evaluation times skipped since start because an evaluation overran.",
        () -> engine.groups().stream().mapToLong(v -> v.stats().missed()).sum());
    metrics.gauge(
        "tidemark_alerting_state_store_failures",
        "Alert state that could not be stored since start.",
        engine::storeFailures);
    metrics.gauge(
        "tidemark_alerting_result_write_failures",
        "Rule results that could not be written to the write-ahead log since start.",
        engine::sinkFailures);
    metrics.gauge(
        "tidemark_jvm_heap_used_ratio",
        "Heap in use over the largest heap the JVM may use.",
        () -> {
          Runtime r = Runtime.getRuntime();
          return (double) (r.totalMemory() - r.freeMemory()) / r.maxMemory();
        });
    metrics.gauge(
        "tidemark_data_disk_used_ratio",
        "Used space of the file system holding the data directory.",
        () -> {
          try {
            var fs = Files.getFileStore(dataDir);
            return 1.0 - (double) fs.getUsableSpace() / fs.getTotalSpace();
          } catch (IOException e) {
            return Double.NaN;
          }
        });
    metrics.gauge(
        "tidemark_database_up",
        "1 while the database answers with the current schema.",
        () -> storage.ready() ? 1 : 0);
    if (storage.database().flavor() == dev.tidemark.server.db.Flavor.TIMESCALEDB) {
      metrics.gauge(
          "tidemark_timescaledb_job_failures",
          "Failed runs of TimescaleDB background jobs (refresh, compression, retention), as"
              + " timescaledb_information.job_stats counts them.",
          () -> SqlTimescaleJobs.failures(storage.database()));
    }
    metrics.inc("tidemark_wal_dead_letters_total", "", 0); // present from the start: increase()
  }

  private static Notifiers notifiers(Config config, ServerMetrics metrics) {
    Duration timeout = config.duration(ConfigKey.ALERTING_NOTIFY_TIMEOUT);
    HttpTransport transport = HttpTransport.jdk(timeout);
    List<Delivery> deliveries = new ArrayList<>();
    String format = config.string(ConfigKey.ALERTING_WEBHOOK_FORMAT).toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals("slack")) {
      throw new ConfigException(
          "cannot use alerting.webhook.format=" + format + ": allowed values are json, slack");
    }
    Target.Kind hookKind = format.equals("slack") ? Target.Kind.SLACK : Target.Kind.WEBHOOK;
    List<Target> targets = new ArrayList<>();
    try {
      for (String url : list(config.string(ConfigKey.ALERTING_ALERTMANAGER_URLS))) {
        targets.add(Target.of(Target.Kind.ALERTMANAGER, url));
      }
      for (String url : list(config.string(ConfigKey.ALERTING_WEBHOOK_URLS))) {
        targets.add(Target.of(hookKind, url));
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    for (Target t : targets) {
      String labels =
          "kind=\""
              + t.kind().name().toLowerCase(Locale.ROOT)
              + "\",target=\""
              + t.redacted()
              + "\"";
      metrics.inc("tidemark_alerting_notifications_dropped_total", labels, 0);
      metrics.inc("tidemark_alerting_notifications_failed_total", labels, 0);
      metrics.inc("tidemark_alerting_notifications_sent_total", labels, 0);
      deliveries.add(
          new Delivery(
              t,
              transport,
              Backoff.DEFAULT,
              1000,
              Thread::sleep,
              new Delivery.Listener() {
                @Override
                public void sent(int alerts) {
                  metrics.inc("tidemark_alerting_notifications_sent_total", labels, alerts);
                }

                @Override
                public void failedAttempt() {
                  metrics.inc("tidemark_alerting_notifications_failed_total", labels, 1);
                }

                @Override
                public void dropped(int alerts) {
                  metrics.inc("tidemark_alerting_notifications_dropped_total", labels, alerts);
                }
              }));
    }
    String external = config.string(ConfigKey.ALERTING_EXTERNAL_URL);
    if (external.isBlank()) {
      external =
          "http://" + config.string(ConfigKey.HTTP_HOST) + ":" + config.string(ConfigKey.HTTP_PORT);
    }
    return new Notifiers(deliveries, external);
  }

  private static List<RuleGroup> builtin(String pack, Duration interval) throws IOException {
    String resource = "/dev/tidemark/server/alerting/" + pack + ".yml";
    try (InputStream in = AlertingService.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(
            "cannot use alerting.builtin.rules=" + pack + ": no such pack (ops, releases, none)");
      }
      return RuleFiles.parse(
          BUILTIN + pack, new String(in.readAllBytes(), StandardCharsets.UTF_8), interval);
    }
  }

  private static List<RuleGroup> ruleFile(Path file, Duration interval) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read rule file: " + e.getClass().getSimpleName() + " [file=" + file + "]");
    }
    try {
      return RuleFiles.parse(file.toString(), text, interval);
    } catch (RuleException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static Map<String, String> labels(String csv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : list(csv)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            "cannot use alerting.external.labels: expected name=value [entry=" + pair + "]");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  @Override
  public void close() {
    if (releaseSignals != null) {
      releaseSignals.close();
    }
    engine.close();
    notifiers.close();
  }
}
