package dev.tidemark.releases.compare;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;

/** Test and coverage of the candidate, with the change from the baseline where both have them. */
public final class TestDelta {
  private TestDelta() {}

  public static JsonObject compute(
      JsonObject baseTests, JsonObject candTests, JsonObject baseCov, JsonObject candCov) {
    JsonObject out = new JsonObject().put("baseline", baseTests).put("candidate", candTests);
    if (baseTests != null && candTests != null) {
      JsonObject delta = new JsonObject();
      for (String k : new String[] {"total", "passed", "failed", "skipped", "flaky"}) {
        delta.put(k, candTests.getInteger(k, 0) - baseTests.getInteger(k, 0));
      }
      JsonArray newlyFailing = new JsonArray();
      JsonArray before = baseTests.getJsonArray("failed_tests", new JsonArray());
      for (Object t : candTests.getJsonArray("failed_tests", new JsonArray())) {
        if (!before.contains(t)) {
          newlyFailing.add(t);
        }
      }
      out.put("delta", delta).put("newly_failing", newlyFailing);
    }
    JsonObject coverage = new JsonObject().put("baseline", baseCov).put("candidate", candCov);
    if (baseCov != null && candCov != null) {
      coverage.put(
          "line_delta_pct",
          round(candCov.getDouble("line_pct", 0.0) - baseCov.getDouble("line_pct", 0.0)));
      coverage.put(
          "branch_delta_pct",
          round(candCov.getDouble("branch_pct", 0.0) - baseCov.getDouble("branch_pct", 0.0)));
    }
    return out.put("coverage", coverage);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
