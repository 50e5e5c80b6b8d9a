package dev.tidemark.releases.report;

import static dev.tidemark.releases.report.Html.esc;
import static dev.tidemark.releases.report.Html.num;

import dev.tidemark.query.analysis.Descriptive;
import dev.tidemark.releases.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The trend and stability report of a service, one self-contained page like the comparison report:
 * the quality score of every release (its newest comparison) per profile, and per metric and
 * operation each release's median with its run-to-run spread. Spread is the robust coefficient of
 * variation, 1.4826 × MAD / median: a release whose runs scatter more than {@link
 * #UNSTABLE_CV_PCT}% cannot tell a 5% regression from noise without many runs.
 */
public final class TrendReport {
  /** Robust CV above which a release's runs of a metric are marked unstable. */
  public static final double UNSTABLE_CV_PCT = 10;

  private TrendReport() {}

  public static String render(String service, List<ReleaseHistory> releases) {
    StringBuilder h = new StringBuilder(32 * 1024);
    String title = "Release trend and stability: " + service;
    head(h, title);
    h.append("<h1>")
        .append(esc(title))
        .append("</h1><p>")
        .append(releases.size())
        .append(" release(s), oldest first.</p>");
    List<String> versions = releases.stream().map(ReleaseHistory::version).toList();
    scores(h, releases, versions);
    stability(h, releases, versions);
    return h.append("</body></html>").toString();
  }

  static void head(StringBuilder h, String title) {
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<link rel=\"icon\" href=\"data:,\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(HtmlReport.CSS)
        .append(".unstable{background:#fff4d6}</style></head><body>");
  }

  private static void scores(StringBuilder h, List<ReleaseHistory> releases, List<String> x) {
    TreeSet<String> profiles = new TreeSet<>();
    for (ReleaseHistory r : releases) {
      if (r.qualityScores() != null) {
        r.qualityScores().forEach(s -> profiles.add(((JsonObject) s).getString("profile")));
      }
    }
    h.append("<h2>Quality score over releases</h2>");
    List<LineChart.Series> series = new ArrayList<>();
    for (String p : profiles) {
      double[] v = new double[releases.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = score(releases.get(i), p);
      }
      series.add(new LineChart.Series(p, v));
    }
    h.append(LineChart.render("quality score", "score", x, series));
    h.append("<table><tr><th>release</th><th>created</th><th>baseline</th>");
    profiles.forEach(p -> h.append("<th>").append(esc(p)).append("</th>"));
    h.append("<th>recommendation</th></tr>");
    for (ReleaseHistory r : releases) {
      h.append("<tr><td>")
          .append(esc(r.version()))
          .append("</td><td>")
          .append(esc(r.createdAt()))
          .append("</td><td>")
          .append(esc(r.baseline()))
          .append("</td>");
      for (String p : profiles) {
        h.append("<td>").append(num(finite(score(r, p)))).append("</td>");
      }
      h.append("<td>")
          .append(r.recommendation() == null ? "not compared" : esc(r.recommendation()))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void stability(StringBuilder h, List<ReleaseHistory> releases, List<String> x) {
    TreeSet<String> keys = new TreeSet<>();
    releases.forEach(r -> keys.addAll(r.runs().keySet()));
    h.append("<h2>Stability per metric</h2><p>Median of each release's runs, and their spread")
        .append(" (robust CV = 1.4826 × MAD / median); over ")
        .append(num(UNSTABLE_CV_PCT))
        .append("% is marked unstable.</p>");
    if (keys.isEmpty()) {
      h.append("<p>No runs recorded for any release.</p>");
      return;
    }
    for (String key : keys) {
      String[] k = key.split("\t", 2);
      String label = k[0] + (k[1].isEmpty() ? "" : " {operation=" + k[1] + "}");
      double[] medians = new double[releases.size()];
      h.append("<h3>").append(esc(label)).append("</h3>");
      StringBuilder table =
          new StringBuilder("<table><tr><th>release</th><th>runs</th><th>median</th>")
              .append("<th>robust CV %</th></tr>");
      for (int i = 0; i < releases.size(); i++) {
        double[] runs = releases.get(i).runs().get(key);
        if (runs == null || runs.length == 0) {
          medians[i] = Double.NaN;
          continue;
        }
        double med = Descriptive.median(runs);
        double cv = med != 0 ? 1.4826 * Descriptive.mad(runs) / Math.abs(med) * 100 : Double.NaN;
        medians[i] = med;
        boolean unstable = cv > UNSTABLE_CV_PCT;
        table
            .append(unstable ? "<tr class=\"unstable\">" : "<tr>")
            .append("<td>")
            .append(esc(releases.get(i).version()))
            .append("</td><td>")
            .append(runs.length)
            .append("</td><td>")
            .append(num(med))
            .append("</td><td>")
            .append(num(finite(cv)))
            .append(unstable ? " unstable" : "")
            .append("</td></tr>");
      }
      h.append(
          LineChart.render(
              label, SvgChart.unit(k[0]), x, List.of(new LineChart.Series("median", medians))));
      h.append(table).append("</table>");
    }
  }

  private static double score(ReleaseHistory r, String profile) {
    if (r.qualityScores() == null) {
      return Double.NaN;
    }
    for (Object o : r.qualityScores()) {
      JsonObject s = (JsonObject) o;
      if (profile.equals(s.getString("profile"))) {
        return s.getDouble("score");
      }
    }
    return Double.NaN;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Runs by key; exposed for tests of the stability arithmetic. */
  static double robustCvPct(double[] runs) {
    double med = Descriptive.median(runs);
    return 1.4826 * Descriptive.mad(runs) / Math.abs(med) * 100;
  }
}
