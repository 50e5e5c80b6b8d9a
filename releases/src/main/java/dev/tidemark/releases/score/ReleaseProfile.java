package dev.tidemark.releases.score;

import static dev.tidemark.releases.score.ScoreProfile.fmt;

import dev.tidemark.releases.compare.Evidence;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;

/**
 * The default profile (DESIGN.md): performance 40, dependencies 20, testing 20, security 20.
 *
 * <ul>
 *   <li>performance: a regression on a critical operation takes all 40; any other 5 + its delta %
 *       (at most 20); an operation the data cannot decide 2.
 *   <li>dependencies: a missing lock file 8; drift 3 (major), 1 (minor), 0.25 (patch) per
 *       dependency; a downgrade 2.
 *   <li>testing: no test results 10; a failed test 4, a flaky one 1; line coverage under 80% a
 *       quarter point per point missing (at most 10), none reported 5; a coverage drop 1 a point
 *       (at most 5).
 *   <li>security: per vulnerability critical 20, high 10, medium 4, low 1, unknown severity 2; per
 *       dependency whose checksum changed under the same version 10.
 * </ul>
 *
 * <p>A category without its evidence earns 0: performance without runs both releases share,
 * dependencies without a dependency list, testing without test results, security without a
 * vulnerability scan (a scan that found nothing is evidence).
 */
public final class ReleaseProfile implements ScoreProfile {
  @Override
  public String name() {
    return "release";
  }

  @Override
  public List<Category> evaluate(ScoreInput in) {
    Category perf = new Category("performance", 40);
    for (Object o : in.regressions()) {
      JsonObject r = (JsonObject) o;
      double delta = Math.abs(r.getDouble("delta_pct", 0.0));
      if (r.getBoolean("critical", false)) {
        perf.deduct(
            40,
            ScoreInput.label(r)
                + " regressed by "
                + fmt(delta)
                + "% on a critical operation (blocking)");
      } else {
        perf.deduct(
            Math.min(20, 5 + delta),
            ScoreInput.label(r)
                + " regressed by "
                + fmt(delta)
                + "% (p="
                + String.format(java.util.Locale.ROOT, "%.2g", r.getDouble("p_value", 1.0))
                + ")");
      }
    }
    for (Object o : in.needsMoreRuns()) {
      JsonObject r = (JsonObject) o;
      perf.deduct(
          2,
          ScoreInput.label(r)
              + ": the runs cannot tell; about "
              + r.getInteger("runs_needed")
              + " runs per release needed");
    }
    Category deps = new Category("dependencies", 20);
    for (Object o : in.drift().getJsonArray("lock_missing")) {
      deps.deduct(8, "missing lock file: " + ((JsonObject) o).getString("detail"));
    }
    for (Object o : in.drift().getJsonArray("items")) {
      JsonObject d = (JsonObject) o;
      double p =
          switch (d.getString("lag")) {
            case "major" -> 3;
            case "minor" -> 1;
            default -> 0.25;
          };
      deps.deduct(
          p,
          d.getString("name")
              + " "
              + d.getString("version")
              + " lags a "
              + d.getString("lag")
              + " version behind "
              + d.getString("newest"));
    }
    for (Object o : in.downgrades()) {
      JsonObject d = (JsonObject) o;
      deps.deduct(
          2,
          d.getString("name")
              + " downgraded from "
              + d.getString("from")
              + " to "
              + d.getString("to"));
    }
    Category testing = testing(in);
    Category security = security(in);
    if (!in.has(Evidence.PERFORMANCE)) {
      perf.missing("no performance evidence: no metric has runs of both releases");
    }
    if (!in.has(Evidence.DEPENDENCIES)) {
      deps.missing("no dependency evidence: the candidate's snapshot lists no dependencies");
    }
    if (!in.has(Evidence.TESTS)) {
      testing.missing("no test evidence: the candidate's snapshot has no test results");
    }
    if (!in.has(Evidence.SECURITY)) {
      security.missing("no security evidence: the candidate's snapshot has no vulnerability scan");
    }
    return List.of(perf, deps, testing, security);
  }

  private static Category testing(ScoreInput in) {
    Category t = new Category("testing", 20);
    JsonObject tests = in.tests();
    if (tests == null) {
      t.deduct(10, "no test results in the candidate's snapshot");
    } else {
      int failed = tests.getInteger("failed", 0);
      int flaky = tests.getInteger("flaky", 0);
      t.deduct(4 * failed, failed + " failing test(s)");
      t.deduct(flaky, flaky + " flaky test(s) (passed only on rerun)");
    }
    JsonObject cov = in.coverage();
    if (cov == null) {
      t.deduct(5, "no coverage report in the candidate's snapshot");
    } else {
      double line = cov.getDouble("line_pct", 0.0);
      t.deduct(Math.min(10, (80 - line) / 4), "line coverage " + fmt(line) + "% is under 80%");
    }
    Double drop = in.coverageDelta();
    if (drop != null && drop < 0) {
      t.deduct(Math.min(5, -drop), "line coverage dropped " + fmt(-drop) + " points");
    }
    return t;
  }

  private static Category security(ScoreInput in) {
    Category s = new Category("security", 20);
    deductVulns(s, in, new double[] {20, 10, 4, 1, 2});
    deductIntegrity(s, in, 10);
    return s;
  }

  static void deductIntegrity(Category c, ScoreInput in, double per) {
    for (Object o : in.integrityChanges()) {
      JsonObject d = (JsonObject) o;
      c.deduct(
          per,
          d.getString("name")
              + " "
              + d.getString("version")
              + " changed content under the same version (checksum differs from the baseline's)");
    }
  }

  static void deductVulns(Category c, ScoreInput in, double[] per) {
    String[] sev = {"critical", "high", "medium", "low", "unknown"};
    for (int i = 0; i < sev.length; i++) {
      int n = in.vulnerabilities(sev[i]);
      c.deduct(n * per[i], n + " " + sev[i] + "-severity vulnerabilit" + (n == 1 ? "y" : "ies"));
    }
  }
}
