package dev.tidemark.releases.report;

import static dev.tidemark.releases.report.Html.esc;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.List;

/**
 * The dependency drift report of a service: for every release with a snapshot, how many of its
 * dependencies lag behind the newest version any release of the service used (major = high, minor =
 * medium, patch = low) and its missing lock files; then every lagging dependency of the newest
 * release. One self-contained page.
 */
public final class DriftReport {
  private DriftReport() {}

  public static String render(String service, List<ReleaseHistory> releases) {
    StringBuilder h = new StringBuilder(16 * 1024);
    String title = "Dependency drift: " + service;
    TrendReport.head(h, title);
    h.append("<h1>").append(esc(title)).append("</h1>");
    h.append("<table><tr><th>release</th><th>high (major)</th><th>medium (minor)</th>")
        .append("<th>low (patch)</th><th>missing lock files</th></tr>");
    ReleaseHistory newest = null;
    double[][] counts = new double[3][releases.size()];
    for (int i = 0; i < releases.size(); i++) {
      ReleaseHistory r = releases.get(i);
      JsonObject d = r.drift();
      if (d == null) {
        for (double[] c : counts) {
          c[i] = Double.NaN;
        }
        h.append("<tr><td>")
            .append(esc(r.version()))
            .append("</td><td colspan=\"4\">")
            .append("no snapshot</td></tr>");
        continue;
      }
      newest = r;
      String[] sev = {"high", "medium", "low"};
      h.append("<tr><td>").append(esc(r.version())).append("</td>");
      for (int k = 0; k < 3; k++) {
        counts[k][i] = d.getInteger(sev[k], 0);
        h.append("<td>").append(d.getInteger(sev[k], 0)).append("</td>");
      }
      h.append("<td>")
          .append(d.getJsonArray("lock_missing", new JsonArray()).size())
          .append("</td></tr>");
    }
    h.append("</table>");
    h.append(
        LineChart.render(
            "lagging dependencies",
            "dependencies",
            releases.stream().map(ReleaseHistory::version).toList(),
            List.of(
                new LineChart.Series("high", counts[0]),
                new LineChart.Series("medium", counts[1]),
                new LineChart.Series("low", counts[2]))));
    if (newest == null) {
      return h.append("<p>No release has a snapshot yet.</p></body></html>").toString();
    }
    JsonArray items = newest.drift().getJsonArray("items", new JsonArray());
    h.append("<h2>Lagging dependencies of ")
        .append(esc(newest.version()))
        .append(" (")
        .append(items.size())
        .append(")</h2>");
    h.append("<table><tr><th>dependency</th><th>version</th><th>newest seen</th><th>lag</th>")
        .append("<th>severity</th></tr>");
    for (Object o : items) {
      JsonObject d = (JsonObject) o;
      h.append("<tr><td>")
          .append(esc(d.getString("ecosystem") + ":" + d.getString("name")))
          .append("</td><td>")
          .append(esc(d.getString("version")))
          .append("</td><td>")
          .append(esc(d.getString("newest")))
          .append("</td><td>")
          .append(esc(d.getString("lag")))
          .append("</td><td>")
          .append(esc(d.getString("severity")))
          .append("</td></tr>");
    }
    h.append("</table>");
    HtmlReport.list(h, "Missing lock files", details(newest.drift()));
    return h.append("</body></html>").toString();
  }

  private static JsonArray details(JsonObject drift) {
    JsonArray out = new JsonArray();
    for (Object o : drift.getJsonArray("lock_missing", new JsonArray())) {
      out.add(((JsonObject) o).getString("detail"));
    }
    return out;
  }
}
