package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.compare.Drift;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.report.ReleaseHistory;
import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every release of a service, oldest first, with what the trend and drift reports show. */
public final class ReleaseHistoryReader {
  private ReleaseHistoryReader() {}

  public static List<ReleaseHistory> read(Connection c, String service) throws SQLException {
    List<ReleaseHistory> out = new ArrayList<>();
    Map<String, List<String>> seen = SnapshotReader.versionsSeen(c, service);
    for (Object o : ReleaseReader.list(c, service)) {
      JsonObject r = (JsonObject) o;
      String version = r.getString("version");
      Optional<JsonObject> cmp = newestAsCandidate(c, service, version);
      Optional<StoredSnapshot> snap = SnapshotReader.latest(c, service, version);
      out.add(
          new ReleaseHistory(
              version,
              r.getString("created_at"),
              cmp.map(x -> x.getJsonObject("baseline").getString("version"))
                  .orElse(r.getString("baseline")),
              cmp.map(x -> x.getJsonArray("quality_scores")).orElse(null),
              cmp.map(x -> x.getString("recommendation")).orElse(null),
              runs(c, service, version),
              snap.map(s -> Drift.compute(s.dependencies(), seen, s.findings())).orElse(null)));
    }
    return out;
  }

  /** The pinned runs, else (never snapshotted nor compared) what the raw tier holds. */
  public static Map<String, double[]> runs(Connection c, String service, String version)
      throws SQLException {
    Map<String, double[]> pinned = ReleaseEvidence.read(c, service, version);
    return pinned.isEmpty() ? ReleaseMetrics.runs(c, service, version) : pinned;
  }

  private static Optional<JsonObject> newestAsCandidate(
      Connection c, String service, String version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT result FROM release_comparisons WHERE service = ? AND candidate = ?"
                + " ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, service);
      ps.setString(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new JsonObject(rs.getString(1))) : Optional.empty();
      }
    }
  }
}
