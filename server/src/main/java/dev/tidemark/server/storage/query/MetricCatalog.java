package dev.tidemark.server.storage.query;

import dev.tidemark.query.source.MetricKind;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The metric names of the series catalogue with what a query writer needs to know of each. */
final class MetricCatalog {

  private MetricCatalog() {}

  static List<QueryStore.MetricInfo> list(Connection c, TierPlan plan, int max)
      throws SQLException {
    List<QueryStore.MetricInfo> out = new ArrayList<>();
    List<Boolean> unitSeen = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT s.metric, count(*), min(s.unit), bool_or(s.unit IS NOT NULL),"
                + " (SELECT array_agg(DISTINCT k ORDER BY k) FROM series s2,"
                + " jsonb_object_keys(s2.labels) AS k WHERE s2.metric = s.metric)"
                + " FROM series s GROUP BY s.metric ORDER BY s.metric LIMIT ?")) {
      ps.setInt(1, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array labels = rs.getArray(5);
          List<String> names =
              labels == null ? List.of() : Arrays.asList((String[]) labels.getArray());
          out.add(
              new QueryStore.MetricInfo(
                  rs.getString(1), MetricKind.GAUGE, rs.getString(3), rs.getLong(2), names));
          unitSeen.add(rs.getBoolean(4));
        }
      }
    }
    List<QueryStore.MetricInfo> typed = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      QueryStore.MetricInfo m = out.get(i);
      MetricKind kind =
          unitSeen.get(i) ? MetricKinds.kind(c, plan, m.name()) : MetricKinds.byName(m.name());
      typed.add(new QueryStore.MetricInfo(m.name(), kind, m.unit(), m.series(), m.labels()));
    }
    return typed;
  }
}
