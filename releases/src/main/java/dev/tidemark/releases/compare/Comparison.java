package dev.tidemark.releases.compare;

import dev.tidemark.releases.deps.Dependency;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.score.QualityScore;
import dev.tidemark.releases.score.ScoreInput;
import dev.tidemark.releases.score.ScoreProfile;
import dev.tidemark.releases.snapshot.StoredSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * A comparison of two releases of a service: performance (the DSL's release diff), dependency
 * changes and drift, environment changes, tests and coverage, security, the quality score of every
 * built-in profile, risk and recommendation. Pure: the caller gathers the input and stores the
 * result.
 */
public final class Comparison {
  private Comparison() {}

  public static JsonObject compute(ComparisonInput in) {
    Optional<StoredSnapshot> bs = Optional.ofNullable(in.baselineSnapshot());
    Optional<StoredSnapshot> cs = Optional.ofNullable(in.candidateSnapshot());
    JsonObject perf =
        PerformanceDiff.compute(
            in.baselineRuns(), in.candidateRuns(), in.thresholdPct(), in.alpha(), in.critical());
    JsonObject out =
        new JsonObject()
            .put("service", in.service())
            .put("baseline", side(in.baseline(), bs))
            .put("candidate", side(in.candidate(), cs))
            .put("critical_operations", new JsonArray(List.copyOf(in.critical().entries())))
            .put("regressed_operations", strip(perf.getJsonArray("regressed_operations")))
            .put("improved_operations", perf.getJsonArray("improved_operations"))
            .put("blocking_regressions", perf.getInteger("blocking_regressions"))
            .put("performance", perf);
    List<Dependency> bDeps = bs.map(StoredSnapshot::dependencies).orElse(List.of());
    List<Dependency> cDeps = cs.map(StoredSnapshot::dependencies).orElse(List.of());
    out.put("dependencies", DependencyDiff.compute(bDeps, cDeps));
    out.put(
        "drift",
        Drift.compute(
            cDeps, in.versionsSeen(), cs.map(StoredSnapshot::findings).orElse(new JsonArray())));
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
                cs.map(StoredSnapshot::vulnerabilities).orElse(List.of()))
            .put("integrity_changes", Integrity.compute(bDeps, cDeps)));
    out.put(
        "licenses",
        LicensePolicy.compute(
            cs.map(StoredSnapshot::licenses).orElse(List.of()), in.licenseDeny()));
    out.put("evidence", Evidence.of(in, perf));
    JsonArray scores = new JsonArray();
    for (ScoreProfile p : ScoreProfile.builtIn()) {
      scores.add(QualityScore.of(p, new ScoreInput(out)));
    }
    out.put("quality_score", scores.getJsonObject(0)).put("quality_scores", scores);
    Risk.assess(out);
    return out.put("input_digest", in.digest());
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
