package dev.tidemark.releases.report;

import static dev.tidemark.releases.report.Html.esc;
import static dev.tidemark.releases.report.Html.num;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;

/** The report's tables other than performance. */
final class Sections {
  private Sections() {}

  static void dependencies(StringBuilder h, JsonObject deps, JsonObject drift) {
    h.append("<h2>Dependency changes</h2><table><tr><th>change</th><th>ecosystem</th>")
        .append("<th>name</th><th>from</th><th>to</th><th>level</th></tr>");
    for (String kind : new String[] {"added", "removed", "upgraded", "downgraded", "changed"}) {
      for (Object o : deps.getJsonArray(kind)) {
        JsonObject d = (JsonObject) o;
        String from = kind.equals("added") ? null : d.getString("from", d.getString("version"));
        String to = kind.equals("removed") ? null : d.getString("to", d.getString("version"));
        h.append("<tr><td>")
            .append(kind)
            .append("</td><td>")
            .append(esc(d.getString("ecosystem")))
            .append("</td><td>")
            .append(esc(d.getString("name")))
            .append("</td><td>")
            .append(esc(from))
            .append("</td><td>")
            .append(esc(to))
            .append("</td><td>")
            .append(esc(d.getString("level")))
            .append("</td></tr>");
      }
    }
    h.append("</table><p>").append(deps.getValue("unchanged")).append(" unchanged.</p>");
    h.append("<h2>Dependency drift</h2><table><tr><th>severity</th><th>name</th>")
        .append("<th>version</th><th>newest seen</th><th>lag</th></tr>");
    for (Object o : drift.getJsonArray("lock_missing")) {
      h.append("<tr><td>high</td><td colspan=\"4\">missing lock file: ")
          .append(esc(((JsonObject) o).getString("detail")))
          .append("</td></tr>");
    }
    for (Object o : drift.getJsonArray("items")) {
      JsonObject d = (JsonObject) o;
      h.append("<tr><td>")
          .append(esc(d.getString("severity")))
          .append("</td><td>")
          .append(esc(d.getString("name")))
          .append("</td><td>")
          .append(esc(d.getString("version")))
          .append("</td><td>")
          .append(esc(d.getString("newest")))
          .append("</td><td>")
          .append(esc(d.getString("lag")))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  static void environment(StringBuilder h, JsonArray changes) {
    h.append("<h2>Environment changes</h2>");
    if (changes.isEmpty()) {
      h.append("<p>Same environment (or none captured).</p>");
      return;
    }
    h.append("<table><tr><th>key</th><th>baseline</th><th>candidate</th></tr>");
    for (Object o : changes) {
      JsonObject e = (JsonObject) o;
      h.append("<tr><td>")
          .append(esc(e.getString("key")))
          .append("</td><td>")
          .append(esc(e.getValue("baseline")))
          .append("</td><td>")
          .append(esc(e.getValue("candidate")))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  static void tests(StringBuilder h, JsonObject tests) {
    h.append("<h2>Tests and coverage</h2><table><tr><th></th><th>baseline</th>")
        .append("<th>candidate</th></tr>");
    JsonObject b = tests.getJsonObject("baseline", new JsonObject());
    JsonObject c = tests.getJsonObject("candidate", new JsonObject());
    for (String k : new String[] {"total", "passed", "failed", "skipped", "flaky"}) {
      h.append("<tr><td>")
          .append(k)
          .append("</td><td>")
          .append(esc(b.getValue(k)))
          .append("</td><td>")
          .append(esc(c.getValue(k)))
          .append("</td></tr>");
    }
    JsonObject cov = tests.getJsonObject("coverage");
    JsonObject bc = cov.getJsonObject("baseline", new JsonObject());
    JsonObject cc = cov.getJsonObject("candidate", new JsonObject());
    h.append("<tr><td>line coverage %</td><td>")
        .append(num(bc.getValue("line_pct")))
        .append("</td><td>")
        .append(num(cc.getValue("line_pct")))
        .append("</td></tr>")
        .append("<tr><td>branch coverage %</td><td>")
        .append(num(bc.getValue("branch_pct")))
        .append("</td><td>")
        .append(num(cc.getValue("branch_pct")))
        .append("</td></tr></table>");
    HtmlReport.list(h, "Newly failing tests", tests.getJsonArray("newly_failing"));
  }

  static void security(StringBuilder h, JsonObject sec) {
    h.append("<h2>Security</h2><table><tr><th>severity</th><th>id</th><th>package</th>")
        .append("<th>new</th><th>summary</th></tr>");
    for (Object o : sec.getJsonArray("vulnerabilities")) {
      JsonObject v = (JsonObject) o;
      h.append("<tr><td>")
          .append(esc(v.getString("severity")))
          .append("</td><td>")
          .append(esc(v.getString("id")))
          .append("</td><td>")
          .append(esc(v.getString("package")))
          .append("</td><td>")
          .append(v.getBoolean("new") ? "new" : "")
          .append("</td><td>")
          .append(esc(v.getString("summary")))
          .append("</td></tr>");
    }
    h.append("</table>");
    JsonArray integrity = sec.getJsonArray("integrity_changes", new JsonArray());
    if (!integrity.isEmpty()) {
      h.append("<h3>Same version, new content (").append(integrity.size()).append(")</h3>");
      h.append("<table><tr><th>dependency</th><th>version</th><th>baseline checksum</th>")
          .append("<th>candidate checksum</th></tr>");
      for (Object o : integrity) {
        JsonObject d = (JsonObject) o;
        h.append("<tr><td>")
            .append(esc(d.getString("ecosystem") + ":" + d.getString("name")))
            .append("</td><td>")
            .append(esc(d.getString("version")))
            .append("</td><td><code>")
            .append(esc(d.getString("baseline_checksum")))
            .append("</code></td><td><code>")
            .append(esc(d.getString("candidate_checksum")))
            .append("</code></td></tr>");
      }
      h.append("</table>");
    }
  }

  static void licenses(StringBuilder h, JsonObject l) {
    if (l == null) {
      return;
    }
    JsonArray denied = l.getJsonArray("denied", new JsonArray());
    h.append("<h2>Licences</h2><p>")
        .append(esc(l.getValue("checked")))
        .append(" declared licence(s) checked against the deny list ")
        .append(
            esc(
                String.join(
                    ", ",
                    l.getJsonArray("deny", new JsonArray()).stream()
                        .map(String::valueOf)
                        .toList())))
        .append(denied.isEmpty() ? "; none denied.</p>" : ":</p>");
    if (!denied.isEmpty()) {
      h.append("<table><tr><th>dependency</th><th>version</th><th>licence</th></tr>");
      for (Object o : denied) {
        JsonObject d = (JsonObject) o;
        h.append("<tr><td>")
            .append(esc(d.getString("ecosystem") + ":" + d.getString("name")))
            .append("</td><td>")
            .append(esc(d.getString("version")))
            .append("</td><td>")
            .append(esc(d.getString("license")))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
  }

  static void evidence(StringBuilder h, JsonObject e) {
    if (e == null || e.getJsonArray("missing", new JsonArray()).isEmpty()) {
      return;
    }
    h.append("<h2>Missing evidence</h2><p>Scored 0 and the release cannot be approved: no ")
        .append(
            esc(
                String.join(
                    ", ", e.getJsonArray("missing").stream().map(String::valueOf).toList())))
        .append(" evidence in this comparison.</p>");
  }

  static void score(StringBuilder h, JsonObject s) {
    h.append("<h2>Quality score: ")
        .append(esc(s.getString("profile")))
        .append(" profile — ")
        .append(num(s.getValue("score")))
        .append(" (")
        .append(esc(s.getString("grade")))
        .append(")</h2><table><tr><th>category</th><th>points</th><th>deductions</th></tr>");
    for (Object o : s.getJsonArray("breakdown")) {
      JsonObject c = (JsonObject) o;
      h.append("<tr><td>")
          .append(esc(c.getString("category")))
          .append(c.getBoolean("missing_evidence", false) ? " <b>(no evidence)</b>" : "")
          .append("</td><td>")
          .append(num(c.getValue("points")))
          .append(" / ")
          .append(num(c.getValue("weight")))
          .append("</td><td><ul>");
      for (Object d : c.getJsonArray("deductions")) {
        JsonObject x = (JsonObject) d;
        h.append("<li>−")
            .append(num(x.getValue("points")))
            .append(": ")
            .append(esc(x.getString("reason")))
            .append("</li>");
      }
      h.append("</ul></td></tr>");
    }
    h.append("</table>");
  }
}
