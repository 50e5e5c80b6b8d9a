package dev.tidemark.server.storage.alerting;

import dev.tidemark.server.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rule groups managed over the REST API, as their YAML, in {@code alert_rule_groups}. Blocking. */
public final class SqlRuleGroups {
  private final Database database;

  public SqlRuleGroups(Database database) {
    this.database = database;
  }

  /** Every stored group's YAML by name. */
  public Map<String, String> all() throws SQLException {
    return database.withConnection(
        c -> {
          Map<String, String> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT name, source FROM alert_rule_groups ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
          return out;
        });
  }

  /** Creates or replaces; true when it was created. */
  public boolean put(String name, String source) throws SQLException {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO alert_rule_groups (name, source) VALUES (?, ?) ON CONFLICT (name)"
                      + " DO UPDATE SET source = excluded.source, updated_at = now()"
                      + " RETURNING (xmax = 0)")) {
            ps.setString(1, name);
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
  }

  /** Deletes; false when there was no such group. */
  public boolean delete(String name) throws SQLException {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM alert_rule_groups WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
          }
        });
  }
}
