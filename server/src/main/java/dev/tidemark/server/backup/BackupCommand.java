package dev.tidemark.server.backup;

import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.EmbeddedDatabase;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.backup.Dump;
import dev.tidemark.server.storage.backup.Load;
import dev.tidemark.server.storage.backup.Manifest;
import dev.tidemark.server.storage.tier.TierPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tidemark-server backup --to DIR} and {@code tidemark-server restore --from DIR}, with the
 * server's configuration. Backup runs while the server ingests: against {@code database.url}, or
 * the embedded PostgreSQL the running server holds in {@code server.data.dir/postgres}. Restore
 * fills an empty database, or a fresh data directory's embedded one; the restored server starts
 * with a new identity and an empty write-ahead queue (the backup holds what was stored).
 */
public final class BackupCommand {
  private BackupCommand() {}

  public static Manifest backup(Config config, Path to, PrintStream out)
      throws SQLException, IOException {
    long started = System.nanoTime();
    String url = config.string(ConfigKey.DATABASE_URL);
    String user = config.string(ConfigKey.DATABASE_USER);
    if (url.isBlank()) {
      url = "jdbc:postgresql://localhost:" + embeddedPort(config) + "/postgres";
      user = "postgres";
    }
    try (Connection c =
        DriverManager.getConnection(url, user, config.string(ConfigKey.DATABASE_PASSWORD))) {
      Manifest m = Dump.write(c, to, out);
      out.printf(
          "backup: done, snapshot %s, %d tables, %d ms%n",
          m.snapshot(), m.tables().size(), (System.nanoTime() - started) / 1_000_000);
      return m;
    }
  }

  /** The port of the embedded PostgreSQL a running server holds (postmaster.pid, line 4). */
  private static int embeddedPort(Config config) throws IOException {
    Path pid = config.path(ConfigKey.DATA_DIR).resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      throw new IllegalArgumentException(
          "cannot back up database: no running embedded PostgreSQL in "
              + pid.getParent()
              + " (start the server, or set database.url)");
    }
    List<String> lines = Files.readAllLines(pid);
    try {
      return Integer.parseInt(lines.get(3).trim());
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw new IllegalArgumentException("cannot back up database: unreadable " + pid, e);
    }
  }

  public static void restore(Config config, Path from, PrintStream out)
      throws SQLException, IOException {
    long started = System.nanoTime();
    Manifest.read(from); // refuse a non-backup before starting anything
    TierPlan plan =
        TierPlan.parse(
            config.string(ConfigKey.STORAGE_TIERS),
            config.duration(ConfigKey.STORAGE_LATE_WINDOW),
            config.duration(ConfigKey.STORAGE_COMPRESS_AFTER));
    String url = config.string(ConfigKey.DATABASE_URL);
    String user = config.string(ConfigKey.DATABASE_USER);
    EmbeddedDatabase embedded = null;
    if (url.isBlank()) {
      Path dataDir = config.path(ConfigKey.DATA_DIR);
      if (Files.exists(dataDir.resolve("wal"))) {
        throw new IllegalArgumentException(
            "cannot restore backup: "
                + dataDir
                + " is not a fresh data directory (it has a queue)");
      }
      embedded =
          EmbeddedDatabase.start(dataDir.resolve("postgres"), EmbeddedDatabase.Durability.DURABLE);
      url = embedded.jdbcUrl("postgres");
      user = embedded.user();
    }
    try {
      Database database =
          Database.connect(
              url,
              user,
              config.string(ConfigKey.DATABASE_PASSWORD),
              null,
              2,
              16,
              config.string(ConfigKey.STORAGE_TIMESCALEDB),
              config.string(ConfigKey.STORAGE_CITUS));
      try (Storage storage = Storage.open(database, plan, 1000, Clock.systemUTC())) {
        Load.into(storage, from, out);
      } finally {
        database.close(10, TimeUnit.SECONDS);
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
    out.printf("restore: done, %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }
}
