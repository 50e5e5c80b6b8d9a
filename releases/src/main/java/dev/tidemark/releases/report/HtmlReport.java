package dev.tidemark.releases.report;

import static dev.tidemark.releases.report.Html.esc;
import static dev.tidemark.releases.report.Html.num;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;

/**
 * One self-contained page per comparison: no scripts, no external requests (styles inline, charts
 * inline SVG, even the favicon a data URL).
 */
public final class HtmlReport {
  static final String CSS =
      "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}"
          + "table{border-collapse:collapse;margin:8px 0 20px}"
          + "td,th{border:1px solid #ddd;padding:4px 8px;font-size:13px;text-align:left}"
          + "th{background:#f3f3f3}.REGRESSION{color:#b00020;font-weight:600}"
          + ".IMPROVEMENT{color:#087f23}.block{background:#fde0e0}.review{background:#fff4d6}"
          + ".approve{background:#e3f6e5}.badge{display:inline-block;padding:6px 12px;"
          + "border-radius:6px;margin-right:8px;font-weight:600}";

  private HtmlReport() {}

  public static String render(JsonObject c) {
    StringBuilder h = new StringBuilder(32 * 1024);
    String title =
        "Release comparison "
            + c.getJsonObject("baseline").getString("version")
            + " → "
            + c.getJsonObject("candidate").getString("version");
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<link rel=\"icon\" href=\"data:,\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    h.append("<h1>")
        .append(esc(title))
        .append("</h1><p>service <b>")
        .append(esc(c.getString("service")))
        .append("</b> · comparison #")
        .append(esc(c.getValue("id")))
        .append("</p>");
    JsonObject score = c.getJsonObject("quality_score");
    String rec = c.getString("recommendation");
    h.append("<p><span class=\"badge ")
        .append(esc(rec))
        .append("\">recommendation: ")
        .append(esc(rec))
        .append("</span><span class=\"badge\">risk: ")
        .append(esc(c.getString("risk_level")))
        .append("</span><span class=\"badge\">score: ")
        .append(num(score.getValue("score")))
        .append(" (")
        .append(esc(score.getString("grade")))
        .append(")</span><span class=\"badge\">blocking regressions: ")
        .append(esc(c.getValue("blocking_regressions")))
        .append("</span></p>");
    list(h, "Why", c.getJsonArray("risk_reasons"));
    Sections.evidence(h, c.getJsonObject("evidence"));
    regressions(h, c.getJsonObject("performance"));
    performance(h, c.getJsonObject("performance"));
    Sections.dependencies(h, c.getJsonObject("dependencies"), c.getJsonObject("drift"));
    Sections.environment(h, c.getJsonArray("environment_changes"));
    Sections.tests(h, c.getJsonObject("tests"));
    Sections.security(h, c.getJsonObject("security"));
    Sections.licenses(h, c.getJsonObject("licenses"));
    for (Object s : c.getJsonArray("quality_scores")) {
      Sections.score(h, (JsonObject) s);
    }
    return h.append("</body></html>").toString();
  }

  private static void regressions(StringBuilder h, JsonObject perf) {
    JsonArray regressed = perf.getJsonArray("regressed_operations");
    h.append("<h2>Regressed operations (").append(regressed.size()).append(")</h2>");
    if (regressed.isEmpty()) {
      h.append("<p>None.</p>");
    }
    for (Object o : regressed) {
      JsonObject r = (JsonObject) o;
      String label = label(r);
      h.append("<h3 class=\"REGRESSION\">")
          .append(esc(label))
          .append(": +")
          .append(num(r.getValue("delta_pct")))
          .append("% (p=")
          .append(num(r.getValue("p_value")))
          .append(")</h3>");
      h.append(
          SvgChart.render(
              label,
              SvgChart.unit(r.getString("metric")),
              r.getJsonArray("baseline_values"),
              r.getJsonArray("candidate_values"),
              r.getDouble("baseline_median", Double.NaN),
              r.getDouble("candidate_median", Double.NaN)));
    }
  }

  private static void performance(StringBuilder h, JsonObject perf) {
    h.append("<h2>Performance deltas</h2><p>threshold ")
        .append(num(perf.getValue("threshold_pct")))
        .append("%, alpha ")
        .append(num(perf.getValue("alpha")))
        .append("</p><table><tr>")
        .append("<th>metric</th><th>operation</th><th>runs</th><th>baseline median</th>")
        .append("<th>candidate median</th><th>delta %</th><th>95% interval %</th><th>p-value</th>")
        .append("<th>verdict</th><th>critical</th></tr>");
    for (Object o : perf.getJsonArray("metrics")) {
      JsonObject r = (JsonObject) o;
      JsonArray ci = r.getJsonArray("interval_pct");
      h.append("<tr><td>")
          .append(esc(r.getString("metric")))
          .append("</td><td>")
          .append(esc(r.getString("operation")))
          .append("</td><td>")
          .append(r.getValue("baseline_runs"))
          .append(" / ")
          .append(r.getValue("candidate_runs"))
          .append("</td><td>")
          .append(num(r.getValue("baseline_median")))
          .append("</td><td>")
          .append(num(r.getValue("candidate_median")))
          .append("</td><td>")
          .append(num(r.getValue("delta_pct")))
          .append("</td><td>")
          .append(num(ci.getValue(0)))
          .append(" … ")
          .append(num(ci.getValue(1)))
          .append("</td><td>")
          .append(num(r.getValue("p_value")))
          .append("</td><td class=\"")
          .append(esc(r.getString("verdict")))
          .append("\">")
          .append(esc(r.getString("verdict")))
          .append("</td><td>")
          .append(r.getBoolean("critical") ? "yes" : "")
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  static void list(StringBuilder h, String title, JsonArray items) {
    if (items == null || items.isEmpty()) {
      return;
    }
    h.append("<h2>").append(esc(title)).append("</h2><ul>");
    items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
    h.append("</ul>");
  }

  static String label(JsonObject r) {
    String op = r.getString("operation");
    return r.getString("metric") + (op == null ? "" : " {operation=" + op + "}");
  }
}
