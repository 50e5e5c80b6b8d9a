package dev.tidemark.server.storage.releases;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.security.Vulnerability;
import dev.tidemark.releases.snapshot.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes a release (created on first snapshot) and one snapshot of it, in the caller's transaction.
 */
public final class SnapshotStore {
  private SnapshotStore() {}

  /** The release's id; commit and baseline are set when given, kept otherwise. */
  public static long upsertRelease(
      Connection c, String service, String version, String commit, String baseline)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO releases (service, version, commit_sha, baseline) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (service, version) DO UPDATE SET"
                + " commit_sha = coalesce(excluded.commit_sha, releases.commit_sha),"
                + " baseline = coalesce(excluded.baseline, releases.baseline)"
                + " RETURNING id")) {
      ps.setString(1, service);
      ps.setString(2, version);
      ps.setString(3, commit);
      ps.setString(4, baseline);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public static long insert(Connection c, long releaseId, Snapshot s) throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO release_snapshots (release_id, environment, tests, coverage, findings,"
                + " artifacts, licenses) VALUES (?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb,"
                + " ?::jsonb)"
                + " RETURNING id")) {
      ps.setLong(1, releaseId);
      Jsonb.bind(ps, 2, s.environment());
      Jsonb.bind(ps, 3, s.tests() == null ? null : s.tests().toJson());
      Jsonb.bind(ps, 4, s.coverage() == null ? null : s.coverage().toJson());
      Jsonb.bind(ps, 5, s.findings());
      Jsonb.bind(ps, 6, s.artifacts());
      Jsonb.bind(ps, 7, s.licensesJson());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO snapshot_dependencies (snapshot_id, ecosystem, name, version, checksum,"
                + " scope, source) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Dependency d : s.dependencies()) {
        ps.setLong(1, id);
        ps.setString(2, d.ecosystem());
        ps.setString(3, d.name());
        ps.setString(4, d.version());
        ps.setString(5, d.checksum());
        ps.setString(6, d.scope());
        ps.setString(7, d.source());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO snapshot_vulnerabilities (snapshot_id, vuln_id, package, version,"
                + " severity, summary, source) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Vulnerability v : s.vulnerabilities()) {
        ps.setLong(1, id);
        ps.setString(2, v.id());
        ps.setString(3, v.pkg());
        ps.setString(4, v.version());
        ps.setString(5, v.severity());
        ps.setString(6, v.summary());
        ps.setString(7, v.source());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return id;
  }
}
