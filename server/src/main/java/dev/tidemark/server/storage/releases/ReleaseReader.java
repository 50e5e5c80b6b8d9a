package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Releases as users see them: those with snapshots (table {@code releases}) and those known only
 * from samples' {@code release} and {@code service} labels.
 */
public final class ReleaseReader {
  private static final String ALL =
      "SELECT r.service, r.version, r.commit_sha, r.baseline,"
          // a release is as old as its first sample: snapshotted later, it keeps its place
          + " least(r.created_at, (SELECT min(s.created_at) FROM series s"
          + " WHERE s.release = r.version AND s.service = r.service)) AS created_at,"
          + " true AS captured FROM releases r"
          + " UNION ALL"
          + " SELECT s.service, s.release, NULL, NULL, min(s.created_at), false FROM series s"
          + " WHERE s.release IS NOT NULL AND NOT EXISTS (SELECT 1 FROM releases r"
          + " WHERE r.version = s.release AND r.service = s.service)"
          + " GROUP BY s.service, s.release";

  private ReleaseReader() {}

  /** Oldest first; {@code service} null for all. */
  public static JsonArray list(Connection c, String service) throws SQLException {
    String sql =
        "SELECT service, version, commit_sha, baseline, created_at, captured FROM ("
            + ALL
            + ") a WHERE (?::text IS NULL OR service = ?) ORDER BY created_at, version";
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, service);
      ps.setString(2, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  /**
   * The release with this version (of {@code service}, when given); empty when unknown.
   *
   * @throws IllegalArgumentException when no service is given and several services have it
   */
  public static Optional<JsonObject> find(Connection c, String service, String version)
      throws SQLException {
    String sql =
        "SELECT service, version, commit_sha, baseline, created_at, captured FROM ("
            + ALL
            + ") a WHERE version = ? AND (?::text IS NULL OR service = ?) ORDER BY service";
    List<JsonObject> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, version);
      ps.setString(2, service);
      ps.setString(3, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(row(rs));
        }
      }
    }
    if (found.size() > 1) {
      List<String> services = found.stream().map(j -> j.getString("service")).toList();
      throw new IllegalArgumentException(
          "cannot choose release "
              + version
              + ": several services have it; add ?service= [services="
              + String.join(",", services.stream().map(String::valueOf).toList())
              + "]");
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    JsonObject r = found.get(0);
    r.put("snapshots", snapshots(c, r.getString("service"), version));
    return Optional.of(r);
  }

  /** The release of {@code service} created just before {@code version}, if any. */
  public static Optional<String> previous(Connection c, String service, String version)
      throws SQLException {
    JsonArray all = list(c, service);
    String prev = null;
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("version").equals(version)) {
        return Optional.ofNullable(prev);
      }
      prev = all.getJsonObject(i).getString("version");
    }
    return Optional.empty();
  }

  private static JsonArray snapshots(Connection c, String service, String version)
      throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sn.id, sn.created_at, sn.tests, sn.coverage, sn.findings, sn.artifacts,"
                + " (SELECT count(*) FROM snapshot_dependencies d WHERE d.snapshot_id = sn.id),"
                + " (SELECT count(*) FROM snapshot_vulnerabilities v WHERE v.snapshot_id = sn.id)"
                + " FROM release_snapshots sn JOIN releases r ON r.id = sn.release_id"
                + " WHERE r.service = ? AND r.version = ? ORDER BY sn.id")) {
      ps.setString(1, service);
      ps.setString(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JsonObject()
                  .put("id", rs.getLong(1))
                  .put("created_at", rs.getTimestamp(2).toInstant().toString())
                  .put("tests", Jsonb.object(rs.getString(3)))
                  .put("coverage", Jsonb.object(rs.getString(4)))
                  .put("findings", Jsonb.array(rs.getString(5)))
                  .put("artifacts", Jsonb.array(rs.getString(6)))
                  .put("dependencies", rs.getLong(7))
                  .put("vulnerabilities", rs.getLong(8)));
        }
      }
    }
    return out;
  }

  private static JsonObject row(ResultSet rs) throws SQLException {
    return new JsonObject()
        .put("service", rs.getString(1))
        .put("version", rs.getString(2))
        .put("commit", rs.getString(3))
        .put("baseline", rs.getString(4))
        .put("created_at", rs.getTimestamp(5).toInstant().toString())
        .put("captured", rs.getBoolean(6));
  }
}
