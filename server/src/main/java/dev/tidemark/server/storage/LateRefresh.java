package dev.tidemark.server.storage;

import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.storage.tier.TierStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings late samples into the tiers. The writer notes the hours of samples older than the first
 * refresh window ({@code late_hours}); this pass refreshes every tier over the whole UTC days
 * holding them — never reaching into raw data that retention may already have dropped — and then
 * forgets the hours it saw, unless they were noted again meanwhile.
 */
final class LateRefresh {
  private LateRefresh() {}

  private record Noted(Timestamp hour, Timestamp notedAt) {}

  /** Returns how many days were refreshed. */
  static int run(Connection c, TierStore tiers, TierPlan plan, Instant now) throws SQLException {
    TreeMap<Instant, List<Noted>> days = new TreeMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT hour, noted_at FROM late_hours ORDER BY hour LIMIT 10000");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Noted n = new Noted(rs.getTimestamp(1), rs.getTimestamp(2));
        days.computeIfAbsent(
                n.hour().toInstant().truncatedTo(ChronoUnit.DAYS), d -> new ArrayList<>())
            .add(n);
      }
    }
    Instant oldestSafe =
        plan.raw()
            .retention()
            .map(keep -> now.minus(keep).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)))
            .orElse(Instant.EPOCH);
    for (Map.Entry<Instant, List<Noted>> day : days.entrySet()) {
      Instant from = day.getKey().isBefore(oldestSafe) ? oldestSafe : day.getKey();
      Instant to = day.getKey().plus(Duration.ofDays(1));
      if (from.isBefore(to)) {
        tiers.refresh(c, plan, from, to);
      }
      forget(c, day.getValue());
    }
    return days.size();
  }

  private static void forget(Connection c, List<Noted> hours) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM late_hours WHERE hour = ? AND noted_at = ?")) {
      for (Noted n : hours) {
        ps.setTimestamp(1, n.hour());
        ps.setTimestamp(2, n.notedAt());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
