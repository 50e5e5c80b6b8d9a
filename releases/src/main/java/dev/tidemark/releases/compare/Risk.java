package dev.tidemark.releases.compare;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.score.ScoreProfile;

/**
 * Risk level and recommendation of a comparison, with the reasons: critical (a blocking regression
 * or a critical vulnerability) blocks, as does a score graded F by the evidence at hand; high and
 * medium ask for a review; low approves, unless a category of the score had no evidence: then the
 * release is at best reviewed.
 */
public final class Risk {
  private Risk() {}

  /** Adds {@code risk_level}, {@code risk_reasons} and {@code recommendation} to {@code c}. */
  public static void assess(JsonObject c) {
    JsonObject perf = c.getJsonObject("performance");
    JsonObject counts = c.getJsonObject("security").getJsonObject("counts");
    JsonObject tests = c.getJsonObject("tests").getJsonObject("candidate");
    JsonObject drift = c.getJsonObject("drift");
    JsonArray reasons = new JsonArray();
    String level = "low";
    if (perf.getInteger("blocking_regressions") > 0) {
      reasons.add(
          perf.getInteger("blocking_regressions") + " regression(s) on critical operations");
      level = "critical";
    }
    if (counts.getInteger("critical") > 0) {
      reasons.add(counts.getInteger("critical") + " critical vulnerabilit(ies)");
      level = "critical";
    }
    int integrity =
        c.getJsonObject("security").getJsonArray("integrity_changes", new JsonArray()).size();
    int deniedLicenses =
        c.getJsonObject("licenses", new JsonObject())
            .getJsonArray("denied", new JsonArray())
            .size();
    if (integrity > 0 || deniedLicenses > 0) {
      level = max(level, "high");
      if (integrity > 0) {
        reasons.add(
            integrity + " dependenc(ies) changed content under the same version (checksum)");
      }
      if (deniedLicenses > 0) {
        reasons.add(deniedLicenses + " dependenc(ies) under a denied licence");
      }
    }
    int regressions = perf.getJsonArray("regressed_operations").size();
    int failed = tests == null ? 0 : tests.getInteger("failed", 0);
    if (regressions > 0
        || failed > 0
        || counts.getInteger("high") > 0
        || !drift.getJsonArray("lock_missing").isEmpty()) {
      level = max(level, "high");
      if (regressions > 0) {
        reasons.add(regressions + " performance regression(s)");
      }
      if (failed > 0) {
        reasons.add(failed + " failing test(s)");
      }
      if (counts.getInteger("high") > 0) {
        reasons.add(counts.getInteger("high") + " high-severity vulnerabilit(ies)");
      }
      if (!drift.getJsonArray("lock_missing").isEmpty()) {
        reasons.add("missing lock file");
      }
    }
    int undecided = perf.getJsonArray("needs_more_runs").size();
    int envChanges = c.getJsonArray("environment_changes").size();
    int flaky = tests == null ? 0 : tests.getInteger("flaky", 0);
    if (undecided > 0
        || envChanges > 0
        || flaky > 0
        || drift.getInteger("high") > 0
        || counts.getInteger("medium") > 0) {
      level = max(level, "medium");
      if (undecided > 0) {
        reasons.add(undecided + " operation(s) need more runs to decide");
      }
      if (envChanges > 0) {
        reasons.add(
            "the environment changed ("
                + envChanges
                + " difference(s)); deltas may"
                + " come from the machine, not the code");
      }
      if (flaky > 0) {
        reasons.add(flaky + " flaky test(s)");
      }
      if (drift.getInteger("high") > 0) {
        reasons.add(drift.getInteger("high") + " high dependency drift finding(s)");
      }
    }
    JsonObject score = c.getJsonObject("quality_score");
    String grade = score.getString("grade");
    // F blocks when the evidence shows it: even with every missing category at full marks the
    // score would stay under 60. Missing evidence alone asks for a review, it does not block.
    boolean failing = ScoreProfile.grade(ceiling(score)).equals("F");
    String recommendation =
        level.equals("critical") || failing ? "block" : level.equals("low") ? "approve" : "review";
    if (failing && !level.equals("critical")) {
      reasons.add("quality score graded F");
    }
    JsonArray missing = score.getJsonArray("missing_evidence", new JsonArray());
    if (!missing.isEmpty()) {
      if (recommendation.equals("approve")) {
        recommendation = "review";
      }
      reasons.add(
          "no evidence of "
              + String.join(", ", missing.stream().map(String::valueOf).toList())
              + ": those categories earned nothing and the release cannot be approved"
              + " (score "
              + grade
              + ")");
    }
    c.put("risk_level", level).put("risk_reasons", reasons).put("recommendation", recommendation);
  }

  /** The score with every category that lacked evidence at full weight. */
  static double ceiling(JsonObject score) {
    double total = score.getDouble("score");
    for (Object o : score.getJsonArray("breakdown", new JsonArray())) {
      JsonObject cat = (JsonObject) o;
      if (cat.getBoolean("missing_evidence", false)) {
        total += cat.getDouble("weight");
      }
    }
    return total;
  }

  private static String max(String a, String b) {
    String order = "low medium high critical";
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }
}
