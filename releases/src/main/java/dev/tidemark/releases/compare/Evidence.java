package dev.tidemark.releases.compare;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.releases.snapshot.StoredSnapshot;

/**
 * Which kinds of evidence a comparison had. A category scored without its evidence would earn
 * points nobody checked: scoring gives it nothing and marks it missing, and the recommendation is
 * at best "review".
 *
 * <ul>
 *   <li>{@code performance}: at least one metric and operation both releases have runs of;
 *   <li>{@code dependencies}: the candidate's snapshot lists dependencies;
 *   <li>{@code tests}: the candidate's snapshot has test results;
 *   <li>{@code coverage}: the candidate's snapshot has a coverage report;
 *   <li>{@code security}: the candidate's snapshot has a vulnerability scan (osv-scanner,
 *       pip-audit, npm audit), even one that found nothing.
 * </ul>
 */
public final class Evidence {
  public static final String PERFORMANCE = "performance";
  public static final String DEPENDENCIES = "dependencies";
  public static final String TESTS = "tests";
  public static final String COVERAGE = "coverage";
  public static final String SECURITY = "security";

  private Evidence() {}

  /** {@code {"performance":true,…,"missing":["security",…]}}. */
  static JsonObject of(ComparisonInput in, JsonObject perf) {
    StoredSnapshot c = in.candidateSnapshot();
    JsonObject out =
        new JsonObject()
            .put(PERFORMANCE, !perf.getJsonArray("metrics").isEmpty())
            .put(DEPENDENCIES, c != null && !c.dependencies().isEmpty())
            .put(TESTS, c != null && c.tests() != null)
            .put(COVERAGE, c != null && c.coverage() != null)
            .put(SECURITY, c != null && c.has("osv_json", "npm_audit_json"));
    JsonArray missing = new JsonArray();
    for (String k : new String[] {PERFORMANCE, DEPENDENCIES, TESTS, COVERAGE, SECURITY}) {
      if (!out.getBoolean(k)) {
        missing.add(k);
      }
    }
    return out.put("missing", missing);
  }

  /** Whether {@code comparison} had evidence of {@code kind}; true for documents from before. */
  public static boolean has(JsonObject comparison, String kind) {
    JsonObject e = comparison.getJsonObject("evidence");
    return e == null || e.getBoolean(kind, true);
  }
}
