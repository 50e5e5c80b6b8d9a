package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.security.Vulnerability;
import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Snapshots read back: one by id, the latest of a release, every version a service used. */
public final class SnapshotReader {
  private SnapshotReader() {}

  public static Optional<StoredSnapshot> byId(Connection c, long id) throws SQLException {
    return one(c, "WHERE sn.id = ?", ps -> ps.setLong(1, id));
  }

  public static Optional<StoredSnapshot> latest(Connection c, String service, String version)
      throws SQLException {
    return one(
        c,
        "JOIN releases r ON r.id = sn.release_id WHERE r.service = ? AND r.version = ?"
            + " ORDER BY sn.id DESC LIMIT 1",
        ps -> {
          ps.setString(1, service);
          ps.setString(2, version);
        });
  }

  /** {@code ecosystem:name} → every version any snapshot of the service's releases holds. */
  public static Map<String, List<String>> versionsSeen(Connection c, String service)
      throws SQLException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT d.ecosystem, d.name, d.version FROM snapshot_dependencies d"
                + " JOIN release_snapshots sn ON sn.id = d.snapshot_id"
                + " JOIN releases r ON r.id = sn.release_id"
                + " WHERE r.service = ? AND d.scope <> 'declared'")) {
      ps.setString(1, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1) + ":" + rs.getString(2), k -> new ArrayList<>())
              .add(rs.getString(3));
        }
      }
    }
    return out;
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static Optional<StoredSnapshot> one(Connection c, String where, Binder binder)
      throws SQLException {
    long id;
    String created;
    JsonObject env;
    JsonObject tests;
    JsonObject coverage;
    JsonArray findings;
    JsonArray artifacts;
    JsonArray licenses;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT sn.id, sn.created_at, sn.environment, sn.tests, sn.coverage, sn.findings, sn.artifacts,"
                + " sn.licenses"
                + " FROM release_snapshots sn "
                + where)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        id = rs.getLong(1);
        created = rs.getTimestamp(2).toInstant().toString();
        env = Jsonb.object(rs.getString(3));
        tests = Jsonb.object(rs.getString(4));
        coverage = Jsonb.object(rs.getString(5));
        findings = Jsonb.array(rs.getString(6));
        artifacts = Jsonb.array(rs.getString(7));
        licenses = Jsonb.array(rs.getString(8));
      }
    }
    return Optional.of(
        new StoredSnapshot(
            id,
            created,
            env,
            tests,
            coverage,
            findings,
            artifacts,
            dependencies(c, id),
            vulnerabilities(c, id),
            dev.tidemark.releases.snapshot.Snapshot.licenses(licenses)));
  }

  private static List<Dependency> dependencies(Connection c, long id) throws SQLException {
    List<Dependency> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ecosystem, name, version, checksum, scope, source FROM snapshot_dependencies"
                + " WHERE snapshot_id = ? ORDER BY ecosystem, name, version")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Dependency(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
    }
    return out;
  }

  private static List<Vulnerability> vulnerabilities(Connection c, long id) throws SQLException {
    List<Vulnerability> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT vuln_id, package, version, severity, summary, source"
                + " FROM snapshot_vulnerabilities WHERE snapshot_id = ? ORDER BY vuln_id")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Vulnerability(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
    }
    return out;
  }
}
