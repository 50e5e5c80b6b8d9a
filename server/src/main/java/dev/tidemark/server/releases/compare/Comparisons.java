package dev.tidemark.server.releases.compare;

import dev.tidemark.releases.compare.Comparison;
import dev.tidemark.releases.compare.ComparisonInput;
import dev.tidemark.releases.compare.ComparisonRequest;
import dev.tidemark.releases.compare.CriticalOperations;
import dev.tidemark.releases.compare.NoSuchReleaseException;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.storage.releases.ComparisonStore;
import dev.tidemark.server.storage.releases.ReleaseEvidence;
import dev.tidemark.server.storage.releases.ReleaseReader;
import dev.tidemark.server.storage.releases.SnapshotReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Gathers what a comparison of two releases needs from storage (snapshots, the runs pinned to each
 * release, the versions the service has used), computes it ({@link Comparison}) and stores it.
 */
public final class Comparisons {
  private final String configuredCritical;
  private final List<String> licenseDeny;

  /**
   * @param configuredCritical {@code releases.critical.operations}
   * @param licenseDeny {@code releases.licenses.deny}, comma-separated
   */
  public Comparisons(String configuredCritical, String licenseDeny) {
    this.configuredCritical = configuredCritical;
    this.licenseDeny =
        java.util.Arrays.stream(licenseDeny.split(","))
            .map(String::strip)
            .filter(x -> !x.isEmpty())
            .toList();
  }

  /**
   * Blocking: runs on a database worker.
   *
   * @throws IllegalArgumentException (400/404 material) naming what is missing
   */
  public JsonObject compare(Connection c, ComparisonRequest req) throws SQLException {
    return compare(c, req, false);
  }

  /**
   * As {@link #compare(Connection, ComparisonRequest)}; with {@code reuse}, the newest stored
   * comparison of the same pair is answered again (with {@code "reused": true}) when it was
   * computed from exactly the same input (snapshots, pinned runs, versions seen, options).
   */
  public JsonObject compare(Connection c, ComparisonRequest req, boolean reuse)
      throws SQLException {
    JsonObject cand =
        ReleaseReader.find(c, req.service(), req.candidate())
            .orElseThrow(() -> new NoSuchReleaseException(req.service(), req.candidate()));
    String service = cand.getString("service");
    String baseline = baseline(c, req, cand, service);
    if (ReleaseReader.find(c, service, baseline).isEmpty()) {
      throw new NoSuchReleaseException(service, baseline);
    }
    ComparisonInput in =
        new ComparisonInput(
            service,
            baseline,
            req.candidate(),
            SnapshotReader.latest(c, service, baseline).orElse(null),
            SnapshotReader.latest(c, service, req.candidate()).orElse(null),
            ReleaseEvidence.pinnedRuns(c, service, baseline),
            ReleaseEvidence.pinnedRuns(c, service, req.candidate()),
            SnapshotReader.versionsSeen(c, service),
            CriticalOperations.parse(configuredCritical, req.criticalOperations()),
            req.thresholdPct(),
            req.alpha(),
            licenseDeny);
    if (reuse) {
      String digest = in.digest();
      java.util.Optional<JsonObject> stored =
          ComparisonStore.latest(c, service, baseline, req.candidate())
              .filter(r -> digest.equals(r.getString("input_digest")));
      if (stored.isPresent()) {
        return stored.get().put("reused", true);
      }
    }
    JsonObject out = Comparison.compute(in);
    // the top-level regressed rows are a stripped copy of the performance section's: both link
    SpanExemplars.attach(c, service, req.candidate(), out);
    SpanExemplars.attach(c, service, req.candidate(), out.getJsonObject("performance"));
    long id = ComparisonStore.insert(c, service, baseline, req.candidate(), out);
    return out.put("id", id).put("reused", false);
  }

  private static String baseline(
      Connection c, ComparisonRequest req, JsonObject cand, String service) throws SQLException {
    String baseline = req.baseline() != null ? req.baseline() : cand.getString("baseline");
    if (baseline != null) {
      return baseline;
    }
    return ReleaseReader.previous(c, service, req.candidate())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cannot compare release "
                        + req.candidate()
                        + ": it has no baseline and no earlier release of service "
                        + service
                        + "; pass \"baseline\""));
  }
}
