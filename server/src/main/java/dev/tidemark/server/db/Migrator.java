package dev.tidemark.server.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations from {@code db/migration/} on the class path. A migration is {@code
 * V<n>__<name>.sql}, or two files {@code V<n>__<name>.postgres.sql} and {@code
 * V<n>__<name>.timescaledb.sql} where the flavors differ (Citus runs the {@code postgres} files: it
 * distributes the plain layout afterwards, see storage/citus). Each runs once, in its own
 * transaction, recorded in {@code schema_migrations}; a session advisory lock serialises servers
 * that start at the same time, so running twice or concurrently is safe.
 */
public final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  /** Lock id shared by every Tidemark server of one database ("TIDE" in ASCII). */
  static final long LOCK_ID = 0x54494445L;

  /** In order. Append only: never edit or reorder a migration that has shipped. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V1__series",
          "V2__raw_tables",
          "V3__wal_position",
          "V4__releases",
          "V5__late_hours",
          "V6__stale_markers",
          "V7__release_evidence",
          "V8__snapshot_licenses",
          "V9__series_seen",
          "V10__metric_metadata",
          "V11__alerting",
          "V12__spans",
          "V13__one_value_per_series_and_time",
          "V14__sample_blocks",
          "V15__series_by_metric_and_id",
          "V16__wal_positions");

  private Migrator() {}

  public static int latestVersion() {
    return MIGRATIONS.size();
  }

  /** Applies what is missing; also runs {@code extra} (tier DDL) while still holding the lock. */
  public static void migrate(Connection c, Flavor flavor, SqlWork<Void> extra) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + LOCK_ID + ")");
      try {
        if (flavor == Flavor.TIMESCALEDB) {
          s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
        }
        s.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                + "version integer PRIMARY KEY, name text NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now())");
        int current = currentVersion(c);
        for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
          apply(c, v, MIGRATIONS.get(v - 1), flavor);
        }
        extra.run(c);
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + LOCK_ID + ")");
      }
    }
  }

  public static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void apply(Connection c, int version, String name, Flavor flavor)
      throws SQLException {
    String sql = load(name, flavor);
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement();
        PreparedStatement record =
            c.prepareStatement("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")) {
      s.execute(sql);
      record.setInt(1, version);
      record.setString(2, name);
      record.executeUpdate();
      c.commit();
      LOG.info("schema migrated [version={}, name={}, flavor={}]", version, name, flavor);
    } catch (SQLException e) {
      c.rollback();
      throw new SQLException("cannot apply migration " + name + ": " + e.getMessage(), e);
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static String load(String name, Flavor flavor) {
    Flavor layout = flavor.plainLayout() ? Flavor.POSTGRES : flavor;
    String flavored =
        "db/migration/" + name + "." + layout.name().toLowerCase(Locale.ROOT) + ".sql";
    String plain = "db/migration/" + name + ".sql";
    for (String path : List.of(flavored, plain)) {
      try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(path)) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read migration " + path, e);
      }
    }
    throw new IllegalStateException("cannot find migration " + name + " on the class path");
  }
}
