package dev.tidemark.server.releases.compare;

import dev.tidemark.server.releases.score.QualityScore;
import dev.tidemark.server.releases.score.ScoreInput;
import dev.tidemark.server.releases.score.ScoreProfile;
import dev.tidemark.server.storage.releases.ComparisonStore;
import dev.tidemark.server.storage.releases.ReleaseMetrics;
import dev.tidemark.server.storage.releases.ReleaseReader;
import dev.tidemark.server.storage.releases.SnapshotReader;
import dev.tidemark.server.storage.releases.StoredSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Computes a comparison of two releases of a service and stores it: performance (the DSL's release
 * diff), dependency changes and drift, environment changes, tests and coverage, security, both
 * quality scores, risk and recommendation.
 */
public final class Comparisons {
  private final String configuredCritical;

  public Comparisons(String configuredCritical) {
    this.configuredCritical = configuredCritical;
  }

  /**
   * Blocking: runs on a database worker.
   *
   * @throws IllegalArgumentException (400/404 material) naming what is missing
   */
  public JsonObject compare(Connection c, ComparisonRequest req) throws SQLException {
    JsonObject cand =
        ReleaseReader.find(c, req.service(), req.candidate())
            .orElseThrow(() -> new NoSuchReleaseException(req.service(), req.candidate()));
    String service = cand.getString("service");
    String baseline = req.baseline() != null ? req.baseline() : cand.getString("baseline");
    if (baseline == null) {
      baseline =
          ReleaseReader.previous(c, service, req.candidate())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "cannot compare release "
                              + req.candidate()
                              + ": it has no baseline and no earlier"
                              + " release of service "
                              + service
                              + "; pass \"baseline\""));
    }
    if (ReleaseReader.find(c, service, baseline).isEmpty()) {
      throw new NoSuchReleaseException(service, baseline);
    }
    Optional<StoredSnapshot> bs = SnapshotReader.latest(c, service, baseline);
    Optional<StoredSnapshot> cs = SnapshotReader.latest(c, service, req.candidate());
    CriticalOperations critical =
        CriticalOperations.parse(configuredCritical, req.criticalOperations());

    JsonObject perf =
        PerformanceDiff.compute(
            ReleaseMetrics.runs(c, service, baseline),
            ReleaseMetrics.runs(c, service, req.candidate()),
            req.thresholdPct(),
            req.alpha(),
            critical);
    SpanExemplars.attach(c, service, req.candidate(), perf);
    JsonObject out =
        new JsonObject()
            .put("service", service)
            .put("baseline", side(baseline, bs))
            .put("candidate", side(req.candidate(), cs))
            .put("critical_operations", new JsonArray(List.copyOf(critical.entries())))
            .put("regressed_operations", strip(perf.getJsonArray("regressed_operations")))
            .put("improved_operations", perf.getJsonArray("improved_operations"))
            .put("blocking_regressions", perf.getInteger("blocking_regressions"))
            .put("performance", perf);
    List<dev.tidemark.server.releases.deps.Dependency> bDeps =
        bs.map(StoredSnapshot::dependencies).orElse(List.of());
    List<dev.tidemark.server.releases.deps.Dependency> cDeps =
        cs.map(StoredSnapshot::dependencies).orElse(List.of());
    out.put("dependencies", DependencyDiff.compute(bDeps, cDeps));
    out.put(
        "drift",
        Drift.compute(
            cDeps,
            SnapshotReader.versionsSeen(c, service),
            cs.map(StoredSnapshot::findings).orElse(new JsonArray())));
    out.put(
        "environment_changes",
        EnvironmentDiff.compute(
            bs.map(StoredSnapshot::environment).orElse(null),
            cs.map(StoredSnapshot::environment).orElse(null)));
    out.put(
        "tests",
        TestDelta.compute(
            bs.map(StoredSnapshot::tests).orElse(null),
            cs.map(StoredSnapshot::tests).orElse(null),
            bs.map(StoredSnapshot::coverage).orElse(null),
            cs.map(StoredSnapshot::coverage).orElse(null)));
    out.put(
        "security",
        SecurityDelta.compute(
            bs.map(StoredSnapshot::vulnerabilities).orElse(List.of()),
            cs.map(StoredSnapshot::vulnerabilities).orElse(List.of())));
    JsonArray scores = new JsonArray();
    for (ScoreProfile p : ScoreProfile.builtIn()) {
      scores.add(QualityScore.of(p, new ScoreInput(out)));
    }
    out.put("quality_score", scores.getJsonObject(0)).put("quality_scores", scores);
    Risk.assess(out);
    long id = ComparisonStore.insert(c, service, baseline, req.candidate(), out);
    return out.put("id", id);
  }

  private static JsonObject side(String version, Optional<StoredSnapshot> s) {
    return new JsonObject()
        .put("version", version)
        .put("snapshot_id", s.map(StoredSnapshot::id).orElse(null));
  }

  /** The regressions without their run values (those stay under {@code performance}). */
  private static JsonArray strip(JsonArray rows) {
    JsonArray out = new JsonArray();
    for (Object o : rows) {
      JsonObject r = ((JsonObject) o).copy();
      r.remove("baseline_values");
      r.remove("candidate_values");
      out.add(r);
    }
    return out;
  }
}
