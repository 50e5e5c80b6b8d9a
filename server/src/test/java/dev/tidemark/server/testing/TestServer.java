package dev.tidemark.server.testing;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts a real server on a loopback port with a fresh database. */
public final class TestServer {
  private TestServer() {}

  /** A server on a fresh embedded-PostgreSQL database, with some keys overridden. */
  public static Tidemark start(Map<ConfigKey, String> overrides) throws Exception {
    return start(TestDatabase.freshPostgres(), overrides);
  }

  /** A server on the given database URL, with some keys overridden. */
  public static Tidemark start(String jdbcUrl, Map<ConfigKey, String> overrides) throws Exception {
    return start(jdbcUrl, Files.createTempDirectory("tidemark-test-data"), overrides);
  }

  /**
   * A server on the given database URL and data directory (the same directory again is the same
   * server restarted: its identity and its queue), with some keys overridden.
   */
  public static Tidemark start(String jdbcUrl, Path dataDir, Map<ConfigKey, String> overrides)
      throws Exception {
    Config config =
        Config.defaults()
            .with(ConfigKey.DATABASE_URL, jdbcUrl)
            .with(ConfigKey.HTTP_PORT, "0")
            .with(ConfigKey.DATA_DIR, dataDir.toString())
            .with(ConfigKey.SHUTDOWN_TIMEOUT, "5s")
            // no built-in rule packs unless a test asks: their ALERTS and release series would
            // be samples other tests do not expect
            .with(ConfigKey.ALERTING_BUILTIN_RULES, "none");
    for (Map.Entry<ConfigKey, String> e : overrides.entrySet()) {
      config = config.with(e.getKey(), e.getValue());
    }
    return Tidemark.start(config);
  }
}
