package dev.tidemark.releases.tests;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test results of a snapshot, one verdict per test case across all its reports: a case that both
 * failed and passed (in reruns, or in two reports of the same run) is flaky; one that only failed
 * is failed.
 */
public record TestSummary(
    int passed,
    int failed,
    int skipped,
    int flaky,
    List<String> failedTests,
    List<String> flakyTests) {

  public static TestSummary of(List<TestOutcome> outcomes) {
    Map<String, TreeSet<String>> byCase = new LinkedHashMap<>();
    for (TestOutcome o : outcomes) {
      byCase.computeIfAbsent(o.id(), k -> new TreeSet<>()).add(o.status());
    }
    int passed = 0;
    int skipped = 0;
    List<String> failed = new ArrayList<>();
    List<String> flaky = new ArrayList<>();
    for (Map.Entry<String, TreeSet<String>> e : byCase.entrySet()) {
      TreeSet<String> s = e.getValue();
      boolean anyFail = s.contains("failed");
      boolean anyPass = s.contains("passed") || s.contains("flaky");
      if (s.contains("flaky") || (anyFail && anyPass)) {
        flaky.add(e.getKey());
      } else if (anyFail) {
        failed.add(e.getKey());
      } else if (s.contains("passed")) {
        passed++;
      } else {
        skipped++;
      }
    }
    return new TestSummary(passed, failed.size(), skipped, flaky.size(), failed, flaky);
  }

  public int total() {
    return passed + failed + skipped + flaky;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("total", total())
        .put("passed", passed)
        .put("failed", failed)
        .put("skipped", skipped)
        .put("flaky", flaky)
        .put("failed_tests", new JsonArray(new ArrayList<Object>(failedTests)))
        .put("flaky_tests", new JsonArray(new ArrayList<Object>(flakyTests)));
  }
}
