package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.MetricKind;
import dev.tidemark.server.storage.tier.Tier;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What kind a metric is. The catalogue has no kind column yet, so: a metric whose series carry a
 * unit (only histogram series are registered with one) and hold histogram rows in some tier is a
 * histogram; a name ending in {@code _total} (the OpenMetrics counter suffix) is a counter;
 * everything else is a gauge.
 */
final class MetricKinds {

  private MetricKinds() {}

  static MetricKind kind(Connection c, TierPlan plan, String metric) throws SQLException {
    // one uncorrelated EXISTS per tier: Citus refuses subqueries correlated with the (reference)
    // series table, and pushes each of these down to the workers with its LIMIT
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < plan.tiers().size(); i++) {
      Tier t = plan.tiers().get(i);
      sql.append(i == 0 ? "" : " OR ")
          .append("EXISTS (SELECT 1 FROM ")
          .append(t.relation("histograms"))
          .append(" h JOIN series s ON s.id = h.series_id")
          .append(" WHERE s.metric = ? AND s.unit IS NOT NULL LIMIT 1)");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < plan.tiers().size(); i++) {
        ps.setString(i + 1, metric);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          return MetricKind.HISTOGRAM;
        }
      }
    }
    return byName(metric);
  }

  static MetricKind byName(String metric) {
    return metric.endsWith("_total") ? MetricKind.COUNTER : MetricKind.GAUGE;
  }
}
