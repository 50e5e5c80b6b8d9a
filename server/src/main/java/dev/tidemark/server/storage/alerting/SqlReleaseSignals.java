package dev.tidemark.server.storage.alerting;

import dev.tidemark.server.db.Database;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest release comparison of every service (of the last 90 days) with the one before it, read
 * from {@code release_comparisons} as the release endpoints stored them. Blocking.
 */
public final class SqlReleaseSignals {
  /** A service's newest comparison and, when there is one, the comparison before it. */
  public record Latest(
      String service, String release, String baseline, JsonObject result, JsonObject previous) {}

  private final Database database;

  public SqlReleaseSignals(Database database) {
    this.database = database;
  }

  public List<Latest> latest() throws SQLException {
    return database.withConnection(
        c -> {
          List<Latest> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "WITH ranked AS (SELECT service, candidate, baseline, result::text AS result,"
                          + " row_number() OVER (PARTITION BY service ORDER BY id DESC) AS rn"
                          + " FROM release_comparisons"
                          + " WHERE created_at > now() - interval '90 days')"
                          + " SELECT cur.service, cur.candidate, cur.baseline, cur.result,"
                          + " prev.result FROM ranked cur LEFT JOIN ranked prev"
                          + " ON prev.service = cur.service AND prev.rn = 2"
                          + " WHERE cur.rn = 1 ORDER BY cur.service");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String prev = rs.getString(5);
              out.add(
                  new Latest(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      new JsonObject(rs.getString(4)),
                      prev == null ? null : new JsonObject(prev)));
            }
          }
          return out;
        });
  }
}
