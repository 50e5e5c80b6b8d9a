package dev.tidemark.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The agent's typed configuration. Priority: defaults &lt; file &lt; {@code -Dagent.…} system
 * properties &lt; {@code TIDEMARK_AGENT_…} environment variables. Unknown keys are rejected by
 * name; every value is checked when the configuration is built, so a bad one stops the agent before
 * it starts anything.
 */
public final class AgentConfig {
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private final Map<AgentKey, String> values;
  private final Map<String, String> extraLabels;

  private AgentConfig(Map<AgentKey, String> values, Map<String, String> extraLabels) {
    this.values = values;
    this.extraLabels = extraLabels;
    validate();
  }

  public static AgentConfig defaults() {
    return of(Map.of());
  }

  /** A configuration from key/value pairs over the defaults (no file, no environment). */
  public static AgentConfig of(Map<String, String> pairs) {
    Map<AgentKey, String> values = new EnumMap<>(AgentKey.class);
    Map<String, String> extra = new TreeMap<>();
    pairs.forEach((k, v) -> put(values, extra, k, v));
    return new AgentConfig(values, extra);
  }

  /** Defaults, then the file (if any), then system properties, then the environment. */
  public static AgentConfig load(Path file, Map<String, String> env, Properties system) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new ConfigException(
            "cannot read configuration file: no such file [file=" + file + "]");
      } catch (IOException e) {
        throw new ConfigException("cannot read configuration file: " + e + " [file=" + file + "]");
      }
      p.stringPropertyNames().forEach(k -> pairs.put(k, p.getProperty(k)));
    }
    system.stringPropertyNames().stream()
        .filter(k -> k.startsWith("agent."))
        .forEach(k -> pairs.put(k, system.getProperty(k)));
    for (AgentKey key : AgentKey.values()) {
      String v = env.get(key.environmentName());
      if (v != null) {
        pairs.put(key.key(), v);
      }
    }
    return of(pairs);
  }

  private static void put(
      Map<AgentKey, String> values, Map<String, String> extra, String key, String value) {
    var known = AgentKey.byKey(key);
    if (known.isPresent()) {
      values.put(known.get(), value.trim());
    } else if (key.startsWith(AgentKey.LABELS_PREFIX)) {
      String name = key.substring(AgentKey.LABELS_PREFIX.length());
      if (!LABEL_NAME.matcher(name).matches()) {
        throw Values.bad(key, value, "under a label name matching [a-zA-Z_][a-zA-Z0-9_]*");
      }
      extra.put(name, value.trim());
    } else {
      throw new ConfigException(
          "cannot use configuration key: unknown key "
              + key
              + " (see `tidemark-agent keys` for the list) [key="
              + key
              + "]");
    }
  }

  private void validate() {
    agentId();
    serverUri();
    serverTimeout();
    spoolMaxBytes();
    spoolRoll();
    shipBatchSize();
    shipBatchAge();
    backoffInitial();
    backoffMax();
    collectEnabled();
    collectInterval();
    collectSlowInterval();
    recordPort();
    recordInterval();
    recordUnit();
    statusInterval();
    processPort();
    scrapeTargets();
    scrapeInterval();
    scrapeTimeout();
    shipFormat();
    shipCompression();
  }

  public String raw(AgentKey key) {
    return values.getOrDefault(key, key.defaultValue());
  }

  public AgentConfig with(AgentKey key, String value) {
    Map<AgentKey, String> copy = new EnumMap<>(AgentKey.class);
    copy.putAll(values);
    copy.put(key, value);
    return new AgentConfig(copy, extraLabels);
  }

  public String agentId() {
    String id = raw(AgentKey.AGENT_ID);
    if (id.isEmpty()) {
      id = hostName().replaceAll("[^A-Za-z0-9._:-]", "_");
    }
    if (!AGENT_ID.matcher(id).matches()) {
      throw Values.bad(AgentKey.AGENT_ID.key(), id, "1-100 characters of [A-Za-z0-9._:-]");
    }
    return id;
  }

  public URI serverUri() {
    String url = raw(AgentKey.SERVER_URL);
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw Values.bad(AgentKey.SERVER_URL.key(), url, "an http:// or https:// URL with a host");
  }

  public String serverToken() {
    return raw(AgentKey.SERVER_TOKEN);
  }

  public Duration serverTimeout() {
    return positive(AgentKey.SERVER_TIMEOUT);
  }

  public Path spoolDir() {
    return Path.of(raw(AgentKey.SPOOL_DIR));
  }

  public long spoolMaxBytes() {
    long n = Values.size(AgentKey.SPOOL_MAX_BYTES.key(), raw(AgentKey.SPOOL_MAX_BYTES));
    if (n < 4096) {
      throw Values.bad(
          AgentKey.SPOOL_MAX_BYTES.key(), raw(AgentKey.SPOOL_MAX_BYTES), "at least 4KiB");
    }
    return n;
  }

  public String spoolRoll() {
    return Values.oneOf(
        AgentKey.SPOOL_ROLL.key(),
        raw(AgentKey.SPOOL_ROLL),
        "minutely",
        "five_minutely",
        "ten_minutely",
        "hourly",
        "daily");
  }

  public int shipBatchSize() {
    return Values.integer(
        AgentKey.SHIP_BATCH_SIZE.key(), raw(AgentKey.SHIP_BATCH_SIZE), 1, 100_000);
  }

  public Duration shipBatchAge() {
    return Values.duration(AgentKey.SHIP_BATCH_AGE.key(), raw(AgentKey.SHIP_BATCH_AGE));
  }

  public Duration backoffInitial() {
    return positive(AgentKey.SHIP_BACKOFF_INITIAL);
  }

  public Duration backoffMax() {
    return positive(AgentKey.SHIP_BACKOFF_MAX);
  }

  public boolean collectEnabled() {
    return Values.bool(AgentKey.COLLECT_ENABLED.key(), raw(AgentKey.COLLECT_ENABLED));
  }

  public Duration collectInterval() {
    return positive(AgentKey.COLLECT_INTERVAL);
  }

  public Duration collectSlowInterval() {
    return positive(AgentKey.COLLECT_SLOW_INTERVAL);
  }

  /** The record endpoint's port; -1 when disabled. */
  public int recordPort() {
    return Values.integer(AgentKey.RECORD_PORT.key(), raw(AgentKey.RECORD_PORT), -1, 65535);
  }

  public Duration recordInterval() {
    return positive(AgentKey.RECORD_INTERVAL);
  }

  public String recordUnit() {
    return Values.oneOf(
        AgentKey.RECORD_UNIT.key(), raw(AgentKey.RECORD_UNIT), "ns", "us", "ms", "s");
  }

  public Duration statusInterval() {
    return positive(AgentKey.STATUS_INTERVAL);
  }

  /** The PID file of the process under test, or null. */
  public Path processPidFile() {
    String s = raw(AgentKey.PROCESS_PIDFILE);
    return s.isBlank() ? null : Path.of(s);
  }

  public String processName() {
    return raw(AgentKey.PROCESS_NAME).trim();
  }

  public int processPort() {
    return Values.integer(AgentKey.PROCESS_PORT.key(), raw(AgentKey.PROCESS_PORT), 0, 65535);
  }

  /** The endpoints to scrape. */
  public List<URI> scrapeTargets() {
    List<URI> targets = new ArrayList<>();
    for (String s : raw(AgentKey.SCRAPE_TARGETS).split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        URI uri = URI.create(s.trim());
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          targets.add(uri);
          continue;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw Values.bad(
          AgentKey.SCRAPE_TARGETS.key(), s.trim(), "comma-separated http:// or https:// URLs");
    }
    return targets;
  }

  public Duration scrapeInterval() {
    return positive(AgentKey.SCRAPE_INTERVAL);
  }

  public Duration scrapeTimeout() {
    return positive(AgentKey.SCRAPE_TIMEOUT);
  }

  public String scrapeJob() {
    return raw(AgentKey.SCRAPE_JOB);
  }

  public String shipFormat() {
    return Values.oneOf(AgentKey.SHIP_FORMAT.key(), raw(AgentKey.SHIP_FORMAT), "compact", "json");
  }

  public String shipCompression() {
    return Values.oneOf(
        AgentKey.SHIP_COMPRESSION.key(), raw(AgentKey.SHIP_COMPRESSION), "zstd", "snappy", "none");
  }

  /** host, service, release, env (where set) and the extra labels. */
  public Map<String, String> labels() {
    Map<String, String> labels = new TreeMap<>(extraLabels);
    String host = raw(AgentKey.LABEL_HOST);
    labels.put("host", host.isEmpty() ? hostName() : host);
    putIfSet(labels, "service", raw(AgentKey.LABEL_SERVICE));
    putIfSet(labels, "release", raw(AgentKey.LABEL_RELEASE));
    putIfSet(labels, "env", raw(AgentKey.LABEL_ENV));
    return Collections.unmodifiableMap(labels);
  }

  public List<String> environmentVars() {
    List<String> names = new ArrayList<>();
    for (String s : raw(AgentKey.ENVIRONMENT_VARS).split(",")) {
      if (!s.isBlank()) {
        names.add(s.trim());
      }
    }
    return names;
  }

  private Duration positive(AgentKey key) {
    Duration d = Values.duration(key.key(), raw(key));
    if (d.isZero()) {
      throw Values.bad(key.key(), raw(key), "a positive duration like 250ms, 10s or 5m");
    }
    return d;
  }

  private static void putIfSet(Map<String, String> labels, String name, String value) {
    if (!value.isEmpty()) {
      labels.put(name, value);
    }
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "localhost" : env;
    }
  }
}
