package dev.tidemark.server.storage.backup;

import dev.tidemark.server.db.Migrator;
import dev.tidemark.server.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.postgresql.PGConnection;

/**
 * Loads a {@link Dump} into an empty, migrated Tidemark database, in one transaction: partitions
 * for the backup's raw days first (hypertables make their chunks), tables parents first, each
 * continuous aggregate into its materialization (they are {@code materialized_only}, so what was
 * materialized is what they answer), then identity sequences moved past the restored ids. Refuses a
 * database that holds series already, or a schema version other than the backup's.
 */
public final class Load {
  private Load() {}

  public static void into(Storage storage, Path from, PrintStream out)
      throws SQLException, IOException {
    Manifest manifest = Manifest.read(from);
    if (manifest.schema() != Migrator.latestVersion()) {
      throw new IllegalArgumentException(
          "cannot restore backup: it has schema version "
              + manifest.schema()
              + ", this server "
              + Migrator.latestVersion()
              + " (restore with the version that took it, then upgrade)");
    }
    storage
        .database()
        .withConnection(
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs = s.executeQuery("SELECT count(*) FROM series")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                  throw new IllegalArgumentException(
                      "cannot restore backup: the target database holds series already"
                          + " (restore into an empty database or a fresh data directory)");
                }
              }
              storage.tiers().ensurePartitions(c, manifest.rawDays());
              return null;
            });
    storage
        .database()
        .inTransaction(
            c -> {
              Map<String, Manifest.Entry> byTable =
                  manifest.tables().stream()
                      .collect(Collectors.toMap(Manifest.Entry::table, Function.identity()));
              List<Tables.Table> here = Tables.list(c);
              for (Manifest.Entry e : manifest.tables()) {
                if (here.stream().noneMatch(t -> t.name().equals(e.table()))) {
                  throw new IllegalArgumentException(
                      "cannot restore backup: table "
                          + e.table()
                          + " is not in this database (storage.tiers must name the backup's"
                          + " tiers)");
                }
              }
              for (Tables.Table t : here) {
                Manifest.Entry e = byTable.get(t.name());
                if (e != null) {
                  load(c, from, e, t.source(), out);
                }
              }
              resetIdentities(c);
              return null;
            });
  }

  private static void load(Connection c, Path from, Manifest.Entry e, String into, PrintStream out)
      throws SQLException {
    String columns = String.join(", ", e.columns().stream().map(n -> '"' + n + '"').toList());
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + into); // rows the migrations seeded, if any
    }
    long rows;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(from.resolve(e.table() + ".copy.gz")), 1 << 16)) {
      rows =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY " + into + " (" + columns + ") FROM STDIN", in);
    } catch (IOException io) {
      throw new SQLException("cannot read backup file of " + e.table() + ": " + io, io);
    }
    if (rows != e.rows()) {
      throw new IllegalArgumentException(
          "cannot restore backup: table "
              + e.table()
              + " has "
              + rows
              + " rows, its manifest says "
              + e.rows());
    }
    out.printf("restore: %-28s %,12d rows%n", e.table(), rows);
  }

  private static void resetIdentities(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT t.relname, a.attname FROM pg_attribute a"
                    + " JOIN pg_class t ON t.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " WHERE n.nspname = 'public' AND a.attidentity <> '' AND NOT t.relispartition");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String table = rs.getString(1);
        String column = rs.getString(2);
        try (Statement s = c.createStatement()) {
          s.execute(
              "SELECT setval(pg_get_serial_sequence('"
                  + table
                  + "', '"
                  + column
                  + "'), coalesce(max(\""
                  + column
                  + "\"), 0) + 1, false) FROM "
                  + table);
        }
      }
    }
  }
}
