package dev.tidemark.server.storage.promapi;

import dev.tidemark.server.db.Database;
import dev.tidemark.server.promapi.MetadataStore;
import dev.tidemark.server.promapi.MetricMetadata;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link MetadataStore} over {@code metric_metadata}. Prometheus resends every family's metadata
 * each minute; a description equal to the one last written is not written again, so a steady stream
 * costs no SQL.
 */
public final class SqlMetadataStore implements MetadataStore {
  /** Families remembered before the cache starts over. */
  static final int MAX_CACHED = 100_000;

  private final Database database;
  private final Map<String, MetricMetadata> written = new ConcurrentHashMap<>();

  public SqlMetadataStore(Database database) {
    this.database = database;
  }

  @Override
  public Future<Void> record(List<MetricMetadata> metadata) {
    List<MetricMetadata> changed = new ArrayList<>();
    for (MetricMetadata m : metadata) {
      if (!m.equals(written.get(m.metric()))) {
        changed.add(m);
      }
    }
    if (changed.isEmpty()) {
      return Future.succeededFuture();
    }
    // a write: on the primary's pool (call() may read from a replica, which refuses writes)
    return database.submit(
        Vertx.currentContext(), () -> database.withConnection(c -> store(c, changed)));
  }

  private Void store(Connection c, List<MetricMetadata> changed) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO metric_metadata (metric, type, help, unit) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (metric) DO UPDATE SET type = excluded.type,"
                + " help = excluded.help, unit = excluded.unit, updated_at = now()")) {
      for (MetricMetadata m : changed) {
        ps.setString(1, m.metric());
        ps.setString(2, m.type());
        ps.setString(3, m.help());
        ps.setString(4, m.unit());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    if (written.size() + changed.size() > MAX_CACHED) {
      written.clear();
    }
    changed.forEach(m -> written.put(m.metric(), m));
    return null;
  }

  @Override
  public Future<List<MetricMetadata>> read(String metric) {
    return database.call(
        Vertx.currentContext(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT metric, type, help, unit FROM metric_metadata"
                      + " WHERE (?::text IS NULL OR metric = ?) ORDER BY metric LIMIT "
                      + SqlSeriesCatalog.MAX_ROWS)) {
            ps.setString(1, metric);
            ps.setString(2, metric);
            List<MetricMetadata> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new MetricMetadata(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
              }
            }
            return out;
          }
        });
  }
}
