package dev.tidemark.bench.query;

import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.query.RawPoints;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's read path as it is: blocking pgjdbc on the read pool's own threads ({@link
 * Database#call}), raw points through {@link RawPoints} (binary COPY of the rows, packed blocks
 * decoded in Java).
 */
final class JdbcPointReads implements PointReads {
  private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

  private final Database db;

  JdbcPointReads(Database db) {
    this.db = db;
  }

  @Override
  public String name() {
    return "JDBC (pgjdbc + HikariCP, read pool)";
  }

  @Override
  public Future<Columns[]> raw(long[] ids, long from, long to, boolean blocks) {
    return db.call(Vertx.currentContext(), c -> RawPoints.read(c, ids, from, to, blocks));
  }

  @Override
  public Future<Columns[]> tier(String relation, long[] ids, long from, long to) {
    return db.call(
        Vertx.currentContext(),
        c -> {
          Map<Long, Integer> index = index(ids);
          Columns[] out = new Columns[ids.length];
          for (int i = 0; i < ids.length; i++) {
            out[i] = new Columns(64);
          }
          Long[] boxed = new Long[ids.length];
          for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
          }
          try (PreparedStatement ps = c.prepareStatement(ReadSql.tier(relation, "?"))) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            ps.setTimestamp(2, new Timestamp(from));
            ps.setTimestamp(3, new Timestamp(to));
            try (ResultSet rs = ps.executeQuery()) {
              boolean binary =
                  rs.getMetaData().unwrap(org.postgresql.PGResultSetMetaData.class).getFormat(2)
                      == 1;
              while (rs.next()) {
                out[index.get(rs.getLong(1))].add(millis(rs, binary), rs.getDouble(3));
              }
            }
          }
          for (Columns col : out) {
            col.sort();
          }
          return out;
        });
  }

  @Override
  public Future<List<Series>> series(String metric) {
    return db.call(
        Vertx.currentContext(),
        c -> {
          List<Series> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(ReadSql.SERIES.replace("$1", "?"))) {
            ps.setString(1, metric);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Series(rs.getLong(1), labels(rs.getString(2))));
              }
            }
          }
          return out;
        });
  }

  /** As the server reads timestamps: raw bytes once rows come in binary (a prepared statement). */
  private static long millis(ResultSet rs, boolean binary) throws java.sql.SQLException {
    if (!binary) {
      return rs.getTimestamp(2).getTime();
    }
    byte[] b = rs.getBytes(2);
    long micros = 0;
    for (int i = 0; i < 8; i++) {
      micros = (micros << 8) | (b[i] & 0xFF);
    }
    return Math.floorDiv(micros, 1000L) + POSTGRES_EPOCH_MILLIS;
  }

  static Map<String, String> labels(String json) {
    Map<String, String> labels = new TreeMap<>();
    new JsonObject(json).forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    return labels;
  }

  static Map<Long, Integer> index(long[] ids) {
    Map<Long, Integer> index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
    return index;
  }

  @Override
  public void close() {
    // the Database belongs to the caller
  }
}
