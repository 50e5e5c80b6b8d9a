package dev.tidemark.server.storage.tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a retention change would drop: per tier, the rows of each relation older than the new
 * cutoff, and the time range they cover. Counts are of rows present now; the database drops them a
 * chunk (TimescaleDB) or a day partition (PostgreSQL raw) at a time, so a drop may come later than
 * its cutoff, never earlier.
 */
public final class RetentionPreview {
  /** Rows one relation would lose, and their time range (empty when none). */
  public record Loss(long rows, Optional<Instant> oldest, Optional<Instant> newest) {}

  /** Rows one tier would lose below {@code cutoff}, per relation, finest first. */
  public record TierLoss(Instant cutoff, Map<String, Loss> relations) {
    public long rows() {
      return relations.values().stream().mapToLong(Loss::rows).sum();
    }
  }

  private RetentionPreview() {}

  /** For every tier in {@code changed} that {@code next} keeps for a bounded time. */
  public static Map<String, TierLoss> of(
      Connection c, TierPlan next, Iterable<String> changed, Instant now) throws SQLException {
    Map<String, TierLoss> out = new LinkedHashMap<>();
    for (String name : changed) {
      Tier tier = next.tier(name).orElseThrow();
      if (tier.retention().isEmpty()) {
        continue;
      }
      Instant cutoff = now.minus(tier.retention().get());
      Map<String, Loss> relations = new LinkedHashMap<>();
      for (String table : TierPlan.RAW_TABLES) {
        relations.put(tier.relation(table), loss(c, tier, table, cutoff));
      }
      out.put(name, new TierLoss(cutoff, relations));
    }
    return out;
  }

  private static Loss loss(Connection c, Tier tier, String table, Instant cutoff)
      throws SQLException {
    String time = tier.isRaw() ? "ts" : "bucket";
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*), min("
                + time
                + "), max("
                + time
                + ") FROM "
                + tier.relation(table)
                + " WHERE "
                + time
                + " < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Loss(rs.getLong(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)));
      }
    }
  }

  private static Optional<Instant> instant(Timestamp t) {
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }
}
