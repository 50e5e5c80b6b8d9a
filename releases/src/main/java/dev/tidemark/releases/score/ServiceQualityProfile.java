package dev.tidemark.releases.score;

import static dev.tidemark.releases.score.ScoreProfile.fmt;

import dev.tidemark.releases.compare.Evidence;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;

/**
 * The service-quality profile (DESIGN.md): coverage 25, security 35, policy 15, stability 10, drift
 * 15.
 *
 * <ul>
 *   <li>coverage: 25 × line coverage / 80% (full marks from 80%); none reported takes all 25.
 *   <li>security: per vulnerability critical 35, high 15, medium 5, low 1, unknown 3; per
 *       dependency whose checksum changed under the same version 15.
 *   <li>policy: a blocking regression 15; a failed test 5; a missing lock file 5; a dependency
 *       under a denied licence ({@code releases.licenses.deny}) 5.
 *   <li>stability: a regression 4, a flaky test 2, an undecided operation 1.
 *   <li>drift: per dependency major 4, minor 1.5, patch 0.5.
 * </ul>
 *
 * <p>A category without its evidence earns 0: coverage without a coverage report, security without
 * a vulnerability scan, policy and drift without a dependency list, stability without runs both
 * releases share.
 */
public final class ServiceQualityProfile implements ScoreProfile {
  @Override
  public String name() {
    return "service-quality";
  }

  @Override
  public List<Category> evaluate(ScoreInput in) {
    Category coverage = new Category("coverage", 25);
    JsonObject cov = in.coverage();
    if (cov == null) {
      coverage.deduct(25, "no coverage report in the candidate's snapshot");
    } else {
      double line = cov.getDouble("line_pct", 0.0);
      coverage.deduct(
          25 - 25 * Math.min(1, line / 80), "line coverage " + fmt(line) + "% is under 80%");
    }
    Category security = new Category("security", 35);
    ReleaseProfile.deductVulns(security, in, new double[] {35, 15, 5, 1, 3});
    ReleaseProfile.deductIntegrity(security, in, 15);

    Category policy = new Category("policy", 15);
    Category stability = new Category("stability", 10);
    for (Object o : in.regressions()) {
      JsonObject r = (JsonObject) o;
      String what =
          ScoreInput.label(r)
              + " regressed by "
              + fmt(Math.abs(r.getDouble("delta_pct", 0.0)))
              + "%";
      if (r.getBoolean("critical", false)) {
        policy.deduct(15, what + " on a critical operation (blocking)");
      }
      stability.deduct(4, what);
    }
    for (Object o : in.needsMoreRuns()) {
      stability.deduct(1, ScoreInput.label((JsonObject) o) + ": the runs cannot tell");
    }
    JsonObject tests = in.tests();
    if (tests != null) {
      int failed = tests.getInteger("failed", 0);
      int flaky = tests.getInteger("flaky", 0);
      policy.deduct(5 * failed, failed + " failing test(s)");
      stability.deduct(2 * flaky, flaky + " flaky test(s)");
    }
    for (Object o : in.drift().getJsonArray("lock_missing")) {
      policy.deduct(5, "missing lock file: " + ((JsonObject) o).getString("detail"));
    }
    for (Object o : in.deniedLicenses()) {
      JsonObject l = (JsonObject) o;
      policy.deduct(
          5,
          l.getString("name")
              + " "
              + l.getString("version")
              + " is licensed "
              + l.getString("license")
              + ", on the deny list");
    }
    Category drift = new Category("drift", 15);
    for (Object o : in.drift().getJsonArray("items")) {
      JsonObject d = (JsonObject) o;
      double p =
          switch (d.getString("lag")) {
            case "major" -> 4;
            case "minor" -> 1.5;
            default -> 0.5;
          };
      drift.deduct(
          p,
          d.getString("name")
              + " "
              + d.getString("version")
              + " lags a "
              + d.getString("lag")
              + " version behind "
              + d.getString("newest"));
    }
    if (!in.has(Evidence.COVERAGE)) {
      coverage.missing("no coverage evidence: the candidate's snapshot has no coverage report");
    }
    if (!in.has(Evidence.SECURITY)) {
      security.missing("no security evidence: the candidate's snapshot has no vulnerability scan");
    }
    if (!in.has(Evidence.DEPENDENCIES)) {
      policy.missing("no policy evidence: the candidate's snapshot lists no dependencies");
      drift.missing("no drift evidence: the candidate's snapshot lists no dependencies");
    }
    if (!in.has(Evidence.PERFORMANCE)) {
      stability.missing("no stability evidence: no metric has runs of both releases");
    }
    return List.of(coverage, security, policy, stability, drift);
  }
}
