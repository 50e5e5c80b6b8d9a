package dev.tidemark.server.storage.backup;

import dev.tidemark.server.db.Migrator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;

/**
 * A consistent online backup of a Tidemark database, on plain PostgreSQL or TimescaleDB: every
 * table (and continuous aggregate, see {@link Tables}) copied out inside one {@code REPEATABLE
 * READ} transaction, so the copy is the database at one instant (writers go on; they are not
 * blocked), each a gzipped {@code COPY} text file, with a manifest. Compressed chunks are read
 * through their hypertable, so the files hold plain rows whatever the layout.
 */
public final class Dump {
  private Dump() {}

  /** Writes the backup into the empty directory {@code to}; reports each table to {@code out}. */
  public static Manifest write(Connection c, Path to, PrintStream out)
      throws SQLException, IOException {
    if (Tables.installed(c, "citus")) {
      // each worker would copy from a snapshot of its own: rows and positions could disagree
      throw new IllegalArgumentException(
          "cannot back up database: a Citus cluster has no snapshot across its workers; back up"
              + " each node and take citus_create_restore_point() (see README, Past one database)");
    }
    Files.createDirectories(to);
    try (var entries = Files.list(to)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "cannot back up database: target directory is not empty [to=" + to + "]");
      }
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      String snapshot;
      try (ResultSet rs = s.executeQuery("SELECT now()::text")) {
        rs.next();
        snapshot = rs.getString(1);
      }
      int schema = Migrator.currentVersion(c);
      List<Manifest.Entry> entries = new ArrayList<>();
      for (Tables.Table t : Tables.list(c)) {
        Path file = to.resolve(t.name() + ".copy.gz");
        long rows;
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
          rows =
              c.unwrap(PGConnection.class)
                  .getCopyAPI()
                  .copyOut(
                      "COPY (SELECT " + t.columnList() + " FROM " + t.source() + ") TO STDOUT", os);
        }
        entries.add(new Manifest.Entry(t.name(), t.columns(), rows));
        out.printf("backup: %-28s %,12d rows %,14d bytes%n", t.name(), rows, Files.size(file));
      }
      Manifest manifest = new Manifest(Manifest.FORMAT, schema, snapshot, rawDays(c), entries);
      manifest.write(to.resolve(Manifest.FILE));
      c.commit();
      return manifest;
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The UTC days the raw tables hold rows for: the partitions a restore creates first. */
  private static List<Long> rawDays(Connection c) throws SQLException {
    List<Long> days = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT (floor(extract(epoch FROM ts) / 86400))::bigint AS d FROM ("
                    + "SELECT ts FROM samples UNION ALL SELECT ts FROM histograms"
                    + " UNION ALL SELECT ts FROM histogram_buckets) t ORDER BY d");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        days.add(rs.getLong(1));
      }
    }
    return days;
  }
}
