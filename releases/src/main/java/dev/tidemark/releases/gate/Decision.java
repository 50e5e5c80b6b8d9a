package dev.tidemark.releases.gate;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a comparison passes the gate, and every reason it does not. A floor whose evidence is
 * missing fails: a gate that asks for 0 vulnerabilities does not pass a release nobody scanned.
 */
record Decision(boolean passed, JsonArray reasons) {

  static Decision of(JsonObject c, GateOptions o) {
    JsonArray reasons = new JsonArray();
    String rec = c.getString("recommendation", "");
    if ((o.failOn().equals("block") && rec.equals("block"))
        || (o.failOn().equals("review") && !rec.equals("approve"))) {
      reasons.add(
          "recommendation is "
              + rec
              + " (risk "
              + c.getString("risk_level")
              + "): "
              + String.join("; ", strings(c.getJsonArray("risk_reasons", new JsonArray()))));
    }
    int blocking = c.getInteger("blocking_regressions", 0);
    if (blocking > 0 && !o.failOn().equals("never")) {
      reasons.add(blocking + " blocking regression(s) on critical operations");
    }
    for (Map.Entry<String, Double> floor : o.minScores().entrySet()) {
      JsonObject s = score(c, floor.getKey());
      if (s == null) {
        reasons.add("no " + floor.getKey() + " score in the comparison");
      } else if (s.getDouble("score") < floor.getValue()) {
        reasons.add(
            fmt(
                "%s score %.1f is under the floor %.1f%s",
                floor.getKey(), s.getDouble("score"), floor.getValue(), missing(s)));
      }
    }
    if (o.minCoverage() != null) {
      JsonObject cov =
          c.getJsonObject("tests", new JsonObject())
              .getJsonObject("coverage", new JsonObject())
              .getJsonObject("candidate");
      if (cov == null) {
        reasons.add("no coverage report, so line coverage cannot meet " + o.minCoverage() + "%");
      } else if (cov.getDouble("line_pct", 0.0) < o.minCoverage()) {
        reasons.add(
            fmt(
                "line coverage %.1f%% is under the floor %.1f%%",
                cov.getDouble("line_pct", 0.0), o.minCoverage()));
      }
    }
    vulnerabilities(c, o, reasons);
    if (o.minPolicy() != null) {
      JsonObject policy = category(score(c, "service-quality"), "policy");
      if (policy == null || policy.getBoolean("missing_evidence", false)) {
        reasons.add(
            "no policy evidence (dependencies), so policy cannot meet " + o.minPolicy() + "%");
      } else {
        double pct = 100 * policy.getDouble("points") / policy.getDouble("weight");
        if (pct < o.minPolicy()) {
          reasons.add(fmt("policy %.1f%% is under the floor %.1f%%", pct, o.minPolicy()));
        }
      }
    }
    operations(c, o, reasons);
    return new Decision(reasons.isEmpty(), reasons);
  }

  private static void vulnerabilities(JsonObject c, GateOptions o, JsonArray reasons) {
    if (o.maxVulnerabilities().isEmpty()) {
      return;
    }
    JsonObject evidence = c.getJsonObject("evidence");
    if (evidence != null && !evidence.getBoolean("security", false)) {
      reasons.add(
          "no vulnerability scan in the candidate's snapshot, so vulnerabilities are unknown");
      return;
    }
    JsonObject counts =
        c.getJsonObject("security", new JsonObject()).getJsonObject("counts", new JsonObject());
    int total = 0;
    for (String sev : GateOptions.SEVERITIES) {
      total += counts.getInteger(sev, 0);
    }
    for (Map.Entry<String, Integer> cap : o.maxVulnerabilities().entrySet()) {
      int n = cap.getKey().equals("total") ? total : counts.getInteger(cap.getKey(), 0);
      if (n > cap.getValue()) {
        reasons.add(
            n
                + (cap.getKey().equals("total") ? "" : " " + cap.getKey() + "-severity")
                + " vulnerabilit"
                + (n == 1 ? "y" : "ies")
                + ", more than the "
                + cap.getValue()
                + " allowed");
      }
    }
  }

  private static void operations(JsonObject c, GateOptions o, JsonArray reasons) {
    if (o.operationThresholds().isEmpty()) {
      return;
    }
    JsonObject perf = c.getJsonObject("performance", new JsonObject());
    double alpha = perf.getDouble("alpha", 0.05);
    for (Map.Entry<String, Double> t : o.operationThresholds().entrySet()) {
      boolean seen = false;
      for (Object x : perf.getJsonArray("metrics", new JsonArray())) {
        JsonObject row = (JsonObject) x;
        String op = row.getString("operation", "");
        String metric = row.getString("metric");
        if (!t.getKey().equals(op) && !t.getKey().equals(metric + "/" + op)) {
          continue;
        }
        seen = true;
        Double shift = row.getDouble("shift_pct");
        Double p = row.getDouble("p_value");
        if (shift == null || p == null) {
          continue;
        }
        double worse = "higher_is_better".equals(row.getString("direction")) ? -shift : shift;
        if (p < alpha && worse >= t.getValue()) {
          reasons.add(
              fmt(
                  "%s{operation=%s} is %.2f%% worse (p=%.2g), over its threshold %.1f%%",
                  metric, op, worse, p, t.getValue()));
        }
      }
      if (!seen) {
        reasons.add("no runs of operation " + t.getKey() + " in both releases to check");
      }
    }
  }

  private static JsonObject score(JsonObject c, String profile) {
    for (Object x : c.getJsonArray("quality_scores", new JsonArray())) {
      if (profile.equals(((JsonObject) x).getString("profile"))) {
        return (JsonObject) x;
      }
    }
    return null;
  }

  private static JsonObject category(JsonObject score, String name) {
    if (score == null) {
      return null;
    }
    for (Object x : score.getJsonArray("breakdown", new JsonArray())) {
      if (name.equals(((JsonObject) x).getString("category"))) {
        return (JsonObject) x;
      }
    }
    return null;
  }

  private static String missing(JsonObject score) {
    JsonArray m = score.getJsonArray("missing_evidence", new JsonArray());
    return m.isEmpty() ? "" : " (no evidence of " + String.join(", ", strings(m)) + ")";
  }

  private static java.util.List<String> strings(JsonArray a) {
    return a.stream().map(String::valueOf).toList();
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
