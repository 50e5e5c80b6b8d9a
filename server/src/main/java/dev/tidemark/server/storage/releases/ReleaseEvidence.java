package dev.tidemark.server.storage.releases;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runs pinned to a release (table {@code release_evidence}): copied from the raw tier when the
 * release is snapshotted or compared, kept without limit, so a comparison gives the same answer
 * after the raw tier has dropped the samples. A metric's pinned runs are replaced only by a raw
 * read holding more runs (late runs arrive; expired ones never shrink the evidence).
 */
public final class ReleaseEvidence {
  private static final String UPSERT =
      "INSERT INTO release_evidence (service, version, metric, operation, runs)"
          + " VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (service, version, metric, operation) DO UPDATE"
          + " SET runs = excluded.runs, pinned_at = now()"
          + " WHERE cardinality(excluded.runs) > cardinality(release_evidence.runs)";

  private ReleaseEvidence() {}

  /** Pins what the raw tier holds now, then returns the pinned runs ({@code metric TAB op}). */
  public static Map<String, double[]> pinnedRuns(Connection c, String service, String version)
      throws SQLException {
    pin(c, service, version);
    return read(c, service, version);
  }

  /** Copies the release's raw runs into its evidence where they add runs; returns rows written. */
  public static int pin(Connection c, String service, String version) throws SQLException {
    Map<String, double[]> raw = ReleaseMetrics.runs(c, service, version);
    if (raw.isEmpty()) {
      return 0;
    }
    int written = 0;
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (Map.Entry<String, double[]> e : raw.entrySet()) {
        String[] key = e.getKey().split("\t", 2);
        Double[] boxed = new Double[e.getValue().length];
        for (int i = 0; i < boxed.length; i++) {
          boxed[i] = e.getValue()[i];
        }
        Array runs = c.createArrayOf("float8", boxed);
        ps.setString(1, service);
        ps.setString(2, version);
        ps.setString(3, key[0]);
        ps.setString(4, key[1]);
        ps.setArray(5, runs);
        written += ps.executeUpdate();
        runs.free();
      }
    }
    return written;
  }

  /** The pinned runs, by metric and operation. */
  public static Map<String, double[]> read(Connection c, String service, String version)
      throws SQLException {
    Map<String, double[]> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT metric, operation, runs FROM release_evidence"
                + " WHERE service = ? AND version = ? ORDER BY metric, operation")) {
      ps.setString(1, service);
      ps.setString(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] runs = (Object[]) rs.getArray(3).getArray();
          double[] values = new double[runs.length];
          for (int i = 0; i < runs.length; i++) {
            values[i] = ((Number) runs[i]).doubleValue();
          }
          out.put(rs.getString(1) + "\t" + rs.getString(2), values);
        }
      }
    }
    return out;
  }
}
