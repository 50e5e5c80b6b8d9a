package dev.tidemark.releases.score;

import dev.tidemark.releases.compare.Evidence;
import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;

/**
 * The facts a score is computed from, read from the parts of a comparison: {@code performance},
 * {@code drift}, {@code dependencies}, {@code tests}, {@code security}.
 */
public record ScoreInput(JsonObject comparison) {

  public JsonArray regressions() {
    return perf().getJsonArray("regressed_operations", new JsonArray());
  }

  public JsonArray needsMoreRuns() {
    return perf().getJsonArray("needs_more_runs", new JsonArray());
  }

  public JsonObject drift() {
    return comparison.getJsonObject("drift", new JsonObject());
  }

  public JsonArray downgrades() {
    return comparison
        .getJsonObject("dependencies", new JsonObject())
        .getJsonArray("downgraded", new JsonArray());
  }

  /** Null when the candidate has no test results. */
  public JsonObject tests() {
    return comparison.getJsonObject("tests", new JsonObject()).getJsonObject("candidate");
  }

  /** Null when the candidate has no coverage report. */
  public JsonObject coverage() {
    return comparison
        .getJsonObject("tests", new JsonObject())
        .getJsonObject("coverage", new JsonObject())
        .getJsonObject("candidate");
  }

  public Double coverageDelta() {
    return comparison
        .getJsonObject("tests", new JsonObject())
        .getJsonObject("coverage", new JsonObject())
        .getDouble("line_delta_pct");
  }

  public int vulnerabilities(String severity) {
    return comparison
        .getJsonObject("security", new JsonObject())
        .getJsonObject("counts", new JsonObject())
        .getInteger(severity, 0);
  }

  /**
   * Whether the comparison had evidence of this kind ({@code Evidence.PERFORMANCE} …); true for
   * documents computed before comparisons recorded their evidence.
   */
  public boolean has(String kind) {
    return Evidence.has(comparison, kind);
  }

  /** Dependencies whose checksum changed under the same version. */
  public JsonArray integrityChanges() {
    return comparison
        .getJsonObject("security", new JsonObject())
        .getJsonArray("integrity_changes", new JsonArray());
  }

  /** The candidate's dependencies whose licence is on the deny list. */
  public JsonArray deniedLicenses() {
    return comparison
        .getJsonObject("licenses", new JsonObject())
        .getJsonArray("denied", new JsonArray());
  }

  static String label(JsonObject row) {
    String op = row.getString("operation");
    return row.getString("metric") + (op == null ? "" : "{operation=" + op + "}");
  }

  private JsonObject perf() {
    return comparison.getJsonObject("performance", new JsonObject());
  }
}
