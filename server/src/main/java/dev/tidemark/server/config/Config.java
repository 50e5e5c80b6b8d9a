package dev.tidemark.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The server's typed configuration. Sources in rising priority: defaults, a properties file, Java
 * system properties ({@code -Dserver.http.port=9000}), environment variables ({@code
 * TIDEMARK_SERVER_HTTP_PORT=9000}). A key no {@link ConfigKey} names is refused by name.
 */
public final class Config {
  private final Map<ConfigKey, String> values;

  private Config(Map<ConfigKey, String> values) {
    this.values = values;
  }

  public static Config defaults() {
    return new Config(new EnumMap<>(ConfigKey.class));
  }

  /** Loads defaults < file (if given) < system properties < environment. */
  public static Config load(Path file, Properties system, Map<String, String> env) {
    EnumMap<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    if (file != null) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      for (String name : props.stringPropertyNames()) {
        ConfigKey key =
            ConfigKey.byKey(name)
                .orElseThrow(
                    () -> new ConfigException("unknown configuration key " + name + " in " + file));
        values.put(key, props.getProperty(name));
      }
    }
    for (String name : system.stringPropertyNames()) {
      if (isOurs(name)) {
        ConfigKey key =
            ConfigKey.byKey(name)
                .orElseThrow(() -> new ConfigException("unknown configuration key -D" + name));
        values.put(key, system.getProperty(name));
      }
    }
    env.forEach(
        (name, value) -> {
          if (name.startsWith("TIDEMARK_")
              && !name.startsWith("TIDEMARK_TEST_")
              && !name.equals("TIDEMARK_CONFIG")) {
            ConfigKey key =
                ConfigKey.byEnvironmentName(name)
                    .orElseThrow(() -> new ConfigException("unknown environment variable " + name));
            values.put(key, value);
          }
        });
    Config config = new Config(values);
    config.validate();
    return config;
  }

  private static boolean isOurs(String name) {
    return name.startsWith("server.")
        || name.startsWith("database.")
        || name.startsWith("storage.")
        || name.startsWith("ingest.")
        || name.startsWith("query.");
  }

  /** A copy with one key changed. */
  public Config with(ConfigKey key, String value) {
    EnumMap<ConfigKey, String> copy = new EnumMap<>(ConfigKey.class);
    copy.putAll(values);
    copy.put(key, value);
    Config config = new Config(copy);
    config.validate();
    return config;
  }

  /** Reads every key once so a bad value fails at start, naming the key. */
  private void validate() {
    for (ConfigKey key : ConfigKey.values()) {
      String value = string(key);
      try {
        if (value.isEmpty()) {
          continue;
        }
        if (key == ConfigKey.WAL_WRITER_NICE) {
          if (!value.trim().matches("1?[0-9]") || Integer.parseInt(value.trim()) > 19) {
            throw new IllegalArgumentException("must be a whole number from 0 to 19");
          }
        } else if (key.defaultValue().matches("\\d+") && !key.key().equals("server.http.port")) {
          if (Integer.parseInt(value) <= 0) {
            throw new IllegalArgumentException("must be a positive integer");
          }
        } else if (key.defaultValue().matches("\\d+[a-z]+") && !key.key().equals("storage.tiers")) {
          Durations.parse(value);
        } else if (key.defaultValue().endsWith("iB")) {
          Durations.parseBytes(value);
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "cannot use " + key.key() + "=" + shown(key, value) + ": " + e.getMessage());
      }
    }
    int port = integer(ConfigKey.HTTP_PORT);
    if (port < 0 || port > 65535) {
      throw new ConfigException("cannot use server.http.port=" + port + ": must be 0-65535");
    }
    String durability = string(ConfigKey.DATABASE_EMBEDDED_DURABILITY);
    if (!durability.equals("durable") && !durability.equals("fast")) {
      throw new ConfigException(
          "cannot use database.embedded.durability="
              + durability
              + ": allowed values are durable, fast");
    }
    if (!string(ConfigKey.DATABASE_READ_URL).isBlank()
        && string(ConfigKey.DATABASE_URL).isBlank()) {
      throw new ConfigException(
          "cannot use database.read.url without database.url: the embedded PostgreSQL has no"
              + " replica");
    }
    for (ConfigKey key : new ConfigKey[] {ConfigKey.STORAGE_TIMESCALEDB, ConfigKey.STORAGE_CITUS}) {
      String flavor = string(key);
      if (!flavor.equals("auto") && !flavor.equals("on") && !flavor.equals("off")) {
        throw new ConfigException(
            "cannot use " + key.key() + "=" + flavor + ": allowed values are auto, on, off");
      }
    }
  }

  private static String shown(ConfigKey key, String value) {
    return key == ConfigKey.DATABASE_PASSWORD
            || key == ConfigKey.DATABASE_READ_PASSWORD
            || key == ConfigKey.AUTH_TOKENS
            || key == ConfigKey.ALERTING_ALERTMANAGER_URLS
            || key == ConfigKey.ALERTING_WEBHOOK_URLS
        ? "***"
        : value;
  }

  public String string(ConfigKey key) {
    return values.getOrDefault(key, key.defaultValue());
  }

  public int integer(ConfigKey key) {
    try {
      return Integer.parseInt(string(key).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "cannot use " + key.key() + "=" + string(key) + ": must be an integer");
    }
  }

  public boolean bool(ConfigKey key) {
    String v = string(key).trim();
    if (v.equals("true") || v.equals("false")) {
      return v.equals("true");
    }
    throw new ConfigException(
        "cannot use " + key.key() + "=" + string(key) + ": must be true or false");
  }

  public Duration duration(ConfigKey key) {
    return Durations.parse(string(key));
  }

  public long bytes(ConfigKey key) {
    return Durations.parseBytes(string(key));
  }

  public Path path(ConfigKey key) {
    return Path.of(string(key));
  }
}
