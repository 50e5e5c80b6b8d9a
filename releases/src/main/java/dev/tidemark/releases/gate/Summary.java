package dev.tidemark.releases.gate;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;

/** The gate's human summary. */
final class Summary {
  private Summary() {}

  private static String interval(JsonArray ci) {
    if (ci.getValue(0) == null || ci.getValue(1) == null) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%+.2f%% … %+.2f%%", ci.getDouble(0), ci.getDouble(1));
  }

  static void print(PrintStream out, JsonObject c, Decision d, String server) {
    out.printf(
        Locale.ROOT,
        "Tidemark release gate: %s %s → %s: %s%n",
        c.getString("service"),
        c.getJsonObject("baseline").getString("version"),
        c.getJsonObject("candidate").getString("version"),
        d.passed() ? "PASSED" : "FAILED");
    d.reasons().forEach(r -> out.println("  ✗ " + r));
    out.printf(
        Locale.ROOT,
        "recommendation: %s, risk: %s%n",
        c.getString("recommendation"),
        c.getString("risk_level"));
    for (Object o : c.getJsonArray("quality_scores")) {
      JsonObject s = (JsonObject) o;
      out.printf(
          Locale.ROOT,
          "score (%s): %.1f %s%n",
          s.getString("profile"),
          s.getDouble("score"),
          s.getString("grade"));
    }
    out.println("regressions:" + (c.getJsonArray("regressed_operations").isEmpty() ? " none" : ""));
    for (Object o : c.getJsonArray("regressed_operations")) {
      JsonObject r = (JsonObject) o;
      out.printf(
          Locale.ROOT,
          "  %s %s: %+.2f%% (95%% interval %s, p=%.3g)%s%n",
          r.getString("metric"),
          r.getString("operation") == null ? "" : r.getString("operation"),
          r.getDouble("delta_pct"),
          interval(r.getJsonArray("interval_pct")),
          r.getDouble("p_value"),
          r.getBoolean("critical") ? " [critical]" : "");
    }
    for (Object o : c.getJsonArray("improved_operations")) {
      JsonObject r = (JsonObject) o;
      out.printf(
          Locale.ROOT,
          "improved: %s %s: %+.2f%%%n",
          r.getString("metric"),
          r.getString("operation") == null ? "" : r.getString("operation"),
          r.getDouble("delta_pct"));
    }
    JsonArray missing =
        c.getJsonObject("evidence", new JsonObject()).getJsonArray("missing", new JsonArray());
    if (!missing.isEmpty()) {
      out.println(
          "missing evidence (scored 0): "
              + String.join(", ", missing.stream().map(String::valueOf).toList()));
    }
    if (c.getBoolean("reused", false)) {
      out.println("(the stored comparison " + c.getLong("id") + ": nothing changed since)");
    }
    out.println("report: " + server + "/api/comparisons/" + c.getLong("id") + "/report");
  }
}
