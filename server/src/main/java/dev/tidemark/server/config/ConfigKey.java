package dev.tidemark.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key the server knows, with its default and what it does. The README's
 * configuration table is this enum; {@code ConfigKeyDocTest} keeps the two in step.
 */
public enum ConfigKey {
  HTTP_HOST("server.http.host", "127.0.0.1", "Address the HTTP server binds."),
  HTTP_PORT("server.http.port", "8470", "HTTP port (0 picks a free port)."),
  DATA_DIR(
      "server.data.dir",
      "./data",
      "Directory for the write-ahead queue and the embedded PostgreSQL."),
  AUTH_TOKENS(
      "server.auth.tokens",
      "",
      "API tokens as `token:scope+scope,…` (scopes `read`, `write`); empty (and no tokens file) disables auth."),
  AUTH_TOKENS_FILE(
      "server.auth.tokens.file",
      "",
      "File of more tokens, one `token:scope+scope` a line, re-read when it changes; set, auth is on."),
  AUTH_TOKENS_GRACE(
      "server.auth.tokens.grace",
      "10m",
      "How long a token removed from the tokens file stays valid (rotation without refusals)."),
  SHUTDOWN_TIMEOUT(
      "server.shutdown.timeout", "30s", "How long a graceful shutdown waits for in-flight writes."),
  SHUTDOWN_DELAY(
      "server.shutdown.delay",
      "0s",
      "On SIGTERM, how long `/ready` answers 503 while requests are still served, before the"
          + " listener closes (give a load balancer that polls `/ready` time to move away)."),
  DATABASE_URL(
      "database.url",
      "",
      "JDBC URL of PostgreSQL or TimescaleDB; empty starts the embedded PostgreSQL."),
  DATABASE_EMBEDDED_DURABILITY(
      "database.embedded.durability",
      "durable",
      "durable: the embedded PostgreSQL runs with fsync, synchronous_commit and full_page_writes"
          + " on; fast: all three off (tests and throwaway data only)."),
  DATABASE_USER("database.user", "postgres", "Database user."),
  DATABASE_PASSWORD("database.password", "", "Database password (never logged)."),
  DATABASE_READ_URL(
      "database.read.url",
      "",
      "JDBC URL of a streaming replica of `database.url` for queries (DSL, PromQL, series);"
          + " empty: queries use `database.url`. Writes, releases, alerting and retention always"
          + " use the primary."),
  DATABASE_READ_USER("database.read.user", "", "User on the replica; empty: `database.user`."),
  DATABASE_READ_PASSWORD(
      "database.read.password",
      "",
      "Password on the replica (never logged); empty: `database.password`."),
  DATABASE_POOL_SIZE(
      "database.pool.size",
      "8",
      "Database connections in each of two pools: one for maintenance, uploads and the head's new"
          + " series, one for queries (so reads never wait behind writes); the storage writer has"
          + " two of its own."),
  DATABASE_MAX_PENDING(
      "database.max.pending",
      "64",
      "Database operations allowed to wait for a connection before ingest answers 503."),
  STORAGE_TIMESCALEDB(
      "storage.timescaledb",
      "auto",
      "`auto` uses TimescaleDB when the extension is available, `on` requires it, `off` never uses"
          + " it."),
  STORAGE_CITUS(
      "storage.citus",
      "auto",
      "`auto` distributes the plain-PostgreSQL layout by series where the database has the `citus`"
          + " extension (a Citus coordinator), `on` requires it, `off` never uses it."),
  STORAGE_TIERS(
      "storage.tiers",
      "raw:14d,1m:30d,5m:1y,1h:3y,1d:forever",
      "Tiers and their retention, finest first; each width a multiple of the previous one."),
  STORAGE_LATE_WINDOW(
      "storage.late.window",
      "1h",
      "How late a sample may arrive and still reach the tiers (widens every refresh window)."),
  STORAGE_COMPRESS_AFTER(
      "storage.compress.after",
      "2d",
      "Compress raw data older than this: TimescaleDB's columnstore, or on plain PostgreSQL"
          + " per-series hour blocks (must be past the first refresh window)."),
  STORAGE_MAINTENANCE_INTERVAL(
      "storage.maintenance.interval",
      "1m",
      "How often maintenance runs: late samples into the tiers; on plain PostgreSQL also rollups,"
          + " partitions and retention."),
  STORAGE_SERIES_CACHE_SIZE(
      "storage.series.cache.size",
      "200000",
      "Series ids kept in memory (least recently used out)."),
  STORAGE_HEAD_ENABLED(
      "storage.head.enabled",
      "true",
      "Keep the recent raw samples this server stores in memory (Gorilla-encoded chunks), so reads"
          + " of them skip SQL (true or false)."),
  STORAGE_HEAD_WINDOW(
      "storage.head.window",
      "2h",
      "How far back the head keeps samples (raw retention if shorter); older reads go to SQL."),
  STORAGE_HEAD_MAX_SAMPLES(
      "storage.head.max.samples",
      "20000000",
      "Most samples the head holds (2-3 bytes each, Gorilla-encoded); past it the head's start"
          + " moves forward and reads of older times go to SQL."),
  INGEST_BODY_LIMIT("ingest.body.limit", "16MiB", "Largest request body; larger gets 413."),
  INGEST_MAX_BATCH_SIZE(
      "ingest.max.batch.size", "100000", "Most samples plus histograms in one request."),
  INGEST_MAX_LABELS("ingest.max.labels", "30", "Most labels on one series."),
  INGEST_MAX_NAME_LENGTH("ingest.max.name.length", "200", "Longest metric or label name."),
  INGEST_MAX_VALUE_LENGTH("ingest.max.value.length", "1024", "Longest label value."),
  INGEST_MAX_SAMPLE_AGE(
      "ingest.max.sample.age", "14d", "Samples older than this are refused (timestamp_too_old)."),
  INGEST_MAX_SAMPLE_FUTURE(
      "ingest.max.sample.future",
      "10m",
      "Samples further ahead than this are refused (timestamp_in_future)."),
  INGEST_MAX_HISTOGRAM_BYTES(
      "ingest.max.histogram.bytes", "1MiB", "Largest histogram, compressed or inflated."),
  WAL_MAX_LAG_BYTES(
      "wal.max.lag.bytes",
      "1GiB",
      "Write-ahead bytes not yet in the database above which ingest answers 503."),
  WAL_MAX_LAG_AGE(
      "wal.max.lag.age",
      "1h",
      "Age of the oldest write-ahead entry not yet in the database above which ingest answers 503."),
  WAL_MIN_FREE_DISK(
      "wal.min.free.disk",
      "512MiB",
      "Free disk under the data directory below which ingest answers 503."),
  WAL_KEEP("wal.keep", "10m", "How long write-ahead files are kept after the database holds them."),
  WAL_WRITER_BATCH_ROWS(
      "wal.writer.batch.rows", "50000", "Most samples the storage writer puts in one transaction."),
  WAL_WRITER_NICE(
      "wal.writer.nice",
      "10",
      "CPU priority (Linux nice, 0-19) of the storage writer's threads and, on the embedded database,"
          + " of the database sessions it writes through: when the CPU is full, ingest and queries"
          + " come first and the writer catches up after (the write-ahead queue holds what it has"
          + " not stored, the head answers it). 0 runs it as the rest."),
  WAL_WRITER_LINGER(
      "wal.writer.linger",
      "100ms",
      "How long the storage writer waits for more entries before writing a transaction that is not"
          + " full: fewer, larger transactions under a trickle of small requests."),
  QUERY_MAX_POINTS(
      "query.max.points", "100000", "Most points one read returns (and one DSL query in all)."),
  PROMQL_MAX_SAMPLES(
      "promql.max.samples",
      "5000000",
      "Most raw samples one PromQL query reads over all its selectors; more is a 422."),
  PROMQL_MAX_SAMPLES_TOTAL(
      "promql.max.samples.total",
      "auto",
      "Most raw samples all PromQL queries running at once hold together; a query that would pass"
          + " it is a 503. `auto`: a third of the heap at 16 bytes a sample, at least"
          + " `promql.max.samples`."),
  QUERY_MAX_SERIES(
      "query.max.series", "1000", "Most series one DSL fetch or result may hold; more is a 422."),
  QUERY_TIMEOUT(
      "query.timeout",
      "30s",
      "Wall-clock budget of one DSL query; also each SQL statement's statement_timeout."),
  RELEASES_BODY_LIMIT(
      "releases.body.limit",
      "64MiB",
      "Largest release snapshot upload (all its files together); larger gets 413."),
  RELEASES_CRITICAL_OPERATIONS(
      "releases.critical.operations",
      "",
      "Operations whose regressions block a release: `operation`, `metric/operation` or `*`,"
          + " comma-separated."),
  RELEASES_REGRESSION_THRESHOLD(
      "releases.regression.threshold",
      "5",
      "Smallest change, in percent, that counts as a regression or improvement."),
  RELEASES_ALPHA("releases.alpha", "0.05", "Significance level of the release comparison's test."),
  RELEASES_SCORING_INTERVAL(
      "releases.scoring.interval",
      "1d",
      "How often every service's newest release is scored and checked for drift, at aligned"
          + " times (midnight UTC for 1d); 0s turns it off."),
  RELEASES_LICENSES_DENY(
      "releases.licenses.deny",
      "AGPL-3.0*,SSPL-1.0",
      "Licences a release may not depend on (SPDX ids, `*` a suffix wildcard), comma-separated;"
          + " each denied one costs the service-quality policy category."),
  ALERTING_RULE_FILES(
      "alerting.rule.files",
      "",
      "Rule files in Prometheus' format, comma-separated; read at start (a bad file stops the"
          + " start with its line and column)."),
  ALERTING_BUILTIN_RULES(
      "alerting.builtin.rules",
      "ops,releases",
      "Built-in rule packs: `ops` (the server's own health), `releases` (release quality);"
          + " comma-separated, `none` for neither."),
  ALERTING_EVALUATION_INTERVAL(
      "alerting.evaluation.interval", "1m", "Interval of rule groups that name none."),
  ALERTING_EVALUATION_THREADS(
      "alerting.evaluation.threads",
      "2",
      "Threads evaluating rule groups; a slow group holds one and delays no other."),
  ALERTING_RESEND_DELAY(
      "alerting.resend.delay",
      "1m",
      "How often a firing alert is sent to Alertmanager again (it expires after 4× this)."),
  ALERTING_ALERTMANAGER_URLS(
      "alerting.alertmanager.urls",
      "",
      "Alertmanager base URLs, comma-separated; alerts go to `/api/v2/alerts` (never logged)."),
  ALERTING_WEBHOOK_URLS(
      "alerting.webhook.urls",
      "",
      "Webhook URLs told once when an alert fires and once when it resolves (never logged)."),
  ALERTING_WEBHOOK_FORMAT(
      "alerting.webhook.format",
      "json",
      "Webhook body: `json` (Alertmanager's webhook shape) or `slack` (`{\"text\": …}`)."),
  ALERTING_NOTIFY_TIMEOUT(
      "alerting.notify.timeout", "10s", "Timeout of one notification request; 5 tries, backoff."),
  ALERTING_EXTERNAL_URL(
      "alerting.external.url",
      "",
      "This server's URL as notifications link to it; empty: `http://<host>:<port>`."),
  ALERTING_EXTERNAL_LABELS(
      "alerting.external.labels",
      "",
      "Labels for `{{ $externalLabels.x }}` in templates, as `name=value,…`."),
  TRACES_RETENTION("traces.retention", "30d", "How long spans are kept."),
  TRACES_SAMPLING(
      "traces.sampling",
      "*=1",
      "Head sampling probability per service as `service=p,…`, `*` for the others."),
  TRACES_SAMPLING_SLOW(
      "traces.sampling.slow",
      "1s",
      "Spans at least this long are kept whatever the head sampling decided (errors always are)."),
  TRACES_MAX_ATTRIBUTES(
      "traces.max.attributes", "128", "Most attributes (or events) on one span; more rejects it."),
  TRACES_MAX_ATTRIBUTE_LENGTH(
      "traces.max.attribute.length",
      "4096",
      "Longest attribute value on a span; a longer one rejects the span."),
  OTLP_PROMOTE_RESOURCE_ATTRIBUTES(
      "otlp.promote.resource.attributes",
      "",
      "OTLP resource attributes that become labels of every metric (comma-separated).");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
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

  /** {@code server.http.port} → {@code TIDEMARK_SERVER_HTTP_PORT}. */
  public String environmentName() {
    return "TIDEMARK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  public static Optional<ConfigKey> byKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }

  public static Optional<ConfigKey> byEnvironmentName(String name) {
    return Arrays.stream(values()).filter(k -> k.environmentName().equals(name)).findFirst();
  }
}
