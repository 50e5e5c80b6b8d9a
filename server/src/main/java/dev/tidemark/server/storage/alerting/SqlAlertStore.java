package dev.tidemark.server.storage.alerting;

import dev.tidemark.alerting.eval.Alert;
import dev.tidemark.alerting.eval.AlertState;
import dev.tidemark.alerting.eval.AlertStore;
import dev.tidemark.server.db.Database;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alert state in {@code alert_state}: a group's rows are replaced in one transaction after an
 * evaluation that changed them, and read back once when the server starts. Blocking; called on the
 * rule engine's threads.
 */
public final class SqlAlertStore implements AlertStore {
  private final Database database;

  public SqlAlertStore(Database database) {
    this.database = database;
  }

  @Override
  public Map<String, List<Alert>> load() throws SQLException {
    return database.withConnection(
        c -> {
          Map<String, List<Alert>> out = new HashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT rule_key, labels::text, annotations::text, state, active_at,"
                          + " fired_at, resolved_at, last_sent_at, valid_until, keep_firing_since,"
                          + " value, notified FROM alert_state ORDER BY rule_key, fingerprint");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              long[] times = new long[6];
              for (int i = 0; i < 6; i++) {
                times[i] = rs.getLong(5 + i);
              }
              out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(
                      Alert.restore(
                          rs.getString(1),
                          strings(rs.getString(2)),
                          strings(rs.getString(3)),
                          state(rs.getString(4)),
                          times,
                          rs.getDouble(11),
                          state(rs.getString(12))));
            }
          }
          return out;
        });
  }

  @Override
  public void save(String groupKey, Map<String, List<Alert>> alertsByRule) throws SQLException {
    database.inTransaction(
        c -> {
          deleteGroup(c, groupKey);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO alert_state (rule_key, fingerprint, labels, annotations, state,"
                      + " active_at, fired_at, resolved_at, last_sent_at, valid_until,"
                      + " keep_firing_since, value, notified) VALUES (?, ?, ?::jsonb, ?::jsonb,"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Alert>> e : alertsByRule.entrySet()) {
              for (Alert a : e.getValue()) {
                ps.setString(1, e.getKey());
                ps.setString(2, a.fingerprint());
                ps.setString(3, new JsonObject(new LinkedHashMap<>(a.labels())).encode());
                ps.setString(4, new JsonObject(new LinkedHashMap<>(a.annotations())).encode());
                ps.setString(5, a.state().label());
                long[] t = a.times();
                for (int i = 0; i < 6; i++) {
                  ps.setLong(6 + i, t[i]);
                }
                ps.setDouble(12, a.value());
                ps.setString(13, a.notified().label());
                ps.addBatch();
              }
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public void delete(String groupKey) throws SQLException {
    database.inTransaction(
        c -> {
          deleteGroup(c, groupKey);
          return null;
        });
  }

  private static void deleteGroup(java.sql.Connection c, String groupKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM alert_state WHERE starts_with(rule_key, ?)")) {
      ps.setString(1, groupKey + ";");
      ps.executeUpdate();
    }
  }

  private static Map<String, String> strings(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    new JsonObject(json).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }

  private static AlertState state(String s) {
    return AlertState.valueOf(s.toUpperCase(Locale.ROOT));
  }
}
