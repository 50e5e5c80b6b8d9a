package dev.tidemark.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key the agent knows, with its default and what it does. The README's table is
 * this enum. Keys under {@code agent.labels.} other than the four named here are extra labels put
 * on every host metric and recorded value.
 */
public enum AgentKey {
  AGENT_ID("agent.id", "", "Agent id sent with every batch; empty uses the host name."),
  SERVER_URL("agent.server.url", "http://127.0.0.1:8470", "Base URL of the Tidemark server."),
  SERVER_TOKEN("agent.server.token", "", "Bearer token with the `write` scope; empty sends none."),
  SERVER_TIMEOUT("agent.server.timeout", "30s", "Timeout of one ingest request."),
  SPOOL_DIR("agent.spool.dir", "./spool", "Directory of the Chronicle Queue spool and ship state."),
  SPOOL_MAX_BYTES(
      "agent.spool.max.bytes",
      "1GiB",
      "Most unshipped data kept; when reached new samples are refused and counted."),
  SPOOL_ROLL(
      "agent.spool.roll",
      "minutely",
      "How often the spool starts a new file: `minutely`, `five_minutely`, `ten_minutely`, `hourly`"
          + " or `daily`; files wholly shipped are deleted at the next roll."),
  SHIP_BATCH_SIZE(
      "agent.ship.batch.size",
      "5000",
      "Most samples and histograms in one batch (a scrape is not split: it can pass this by one"
          + " scrape)."),
  SHIP_BATCH_AGE(
      "agent.ship.batch.age", "1s", "Longest a batch waits for more samples before it is sent."),
  SHIP_BACKOFF_INITIAL(
      "agent.ship.backoff.initial", "200ms", "First retry delay; doubles per failure, jittered."),
  SHIP_BACKOFF_MAX("agent.ship.backoff.max", "30s", "Longest retry delay (Retry-After excepted)."),
  COLLECT_ENABLED(
      "agent.collect.enabled",
      "true",
      "Collect host metrics (node_exporter's on Linux, OSHI's elsewhere): `true`/`false`."),
  COLLECT_INTERVAL("agent.collect.interval", "10s", "Interval of the host probes."),
  COLLECT_SLOW_INTERVAL(
      "agent.collect.slow.interval",
      "60s",
      "Interval of the expensive probes: the process list, and listing disks and network interfaces"
          + " anew (their counters are read at `agent.collect.interval`)."),
  PROCESS_PIDFILE(
      "agent.process.pidfile",
      "",
      "PID file of the process under test: its CPU, memory, threads, fds (and GC and heap for a"
          + " JVM) are collected as `process_*` and `jvm_*`."),
  PROCESS_NAME(
      "agent.process.name",
      "",
      "Find the process under test by name instead: its `comm`, or a word of its command line"
          + " (a main class or jar)."),
  PROCESS_PORT(
      "agent.process.port",
      "0",
      "Find the process under test by a TCP port it listens on instead (0: not by port)."),
  SCRAPE_TARGETS(
      "agent.scrape.targets",
      "",
      "Comma-separated Prometheus/OpenMetrics endpoints to scrape into the spool"
          + " (`http://127.0.0.1:8080/metrics`); each series gets the agent's labels plus"
          + " `instance` and `job`."),
  SCRAPE_INTERVAL("agent.scrape.interval", "10s", "Interval of the scrapes."),
  SCRAPE_TIMEOUT("agent.scrape.timeout", "5s", "Timeout of one scrape."),
  SCRAPE_JOB("agent.scrape.job", "scrape", "Label `job` of scraped series."),
  SHIP_FORMAT(
      "agent.ship.format",
      "compact",
      "Wire format: `compact` (binary, series sent once per epoch, compressed; falls back to"
          + " `json` when the server answers 415) or `json`."),
  SHIP_COMPRESSION(
      "agent.ship.compression",
      "zstd",
      "Compression of compact batches: `zstd`, `snappy` or `none`."),
  RECORD_PORT(
      "agent.record.port",
      "8471",
      "Loopback port of the record endpoint (0 picks a free one, -1 disables it)."),
  RECORD_INTERVAL(
      "agent.record.interval",
      "10s",
      "How often recorded latencies, counters, gauges are spooled."),
  RECORD_UNIT(
      "agent.record.unit",
      "us",
      "Unit of latencies sent to the record endpoint: `ns`, `us`, `ms` or `s`."),
  LABEL_HOST("agent.labels.host", "", "Label `host`; empty uses the host name."),
  LABEL_SERVICE("agent.labels.service", "", "Label `service`."),
  LABEL_RELEASE("agent.labels.release", "", "Label `release`: the version under test."),
  LABEL_ENV("agent.labels.env", "", "Label `env` (e.g. `ci`, `staging`)."),
  ENVIRONMENT_VARS(
      "agent.environment.vars",
      "",
      "Comma-separated environment variables recorded in the environment snapshot."),
  STATUS_INTERVAL(
      "agent.status.interval", "1s", "How often the agent writes `status.json` in the spool.");

  /** Prefix of extra labels: {@code agent.labels.team=perf} adds {@code team="perf"}. */
  public static final String LABELS_PREFIX = "agent.labels.";

  private final String key;
  private final String defaultValue;
  private final String description;

  AgentKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** {@code agent.spool.dir} → {@code TIDEMARK_AGENT_SPOOL_DIR}. */
  public String environmentName() {
    return "TIDEMARK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  public static Optional<AgentKey> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }
}
