package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trend/stability and drift reports of a service, and a release's evidence export. */
class HistoryReportsHttpTest extends TwoReleasesHttpTest {

  @Test
  void trendReportShowsScoresAndStabilityPerRelease() {
    HttpResponse<String> r = http.get("/api/reports/trend?service=shop");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.body())
        .contains("Release trend and stability: shop")
        .contains("Quality score over releases")
        .contains("<td>v1.1.0</td>")
        .contains("bench_latency_ms {operation=checkout}")
        .contains("pay_latency {operation=pay}")
        .contains("not compared") // v1.0.0 was never a candidate
        .contains(">block<")
        .doesNotContain("<script")
        .doesNotContainPattern("(src|href)=\"https?:");
  }

  @Test
  void driftReportListsEveryReleaseAndTheNewestLaggards() {
    HttpResponse<String> r = http.get("/api/reports/drift?service=shop");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .contains("Dependency drift: shop")
        .contains("<td>v1.0.0</td>")
        .contains("Lagging dependencies of v1.1.0");
    assertThat(http.get("/api/reports/drift").statusCode()).isEqualTo(400);
    HttpResponse<String> none = http.get("/api/reports/trend?service=nope");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("service nope has no releases");
  }

  @Test
  void evidenceExportsAsCsvAndJsonLines() {
    HttpResponse<String> csv = http.get("/api/releases/v1.0.0/evidence?service=shop&format=csv");
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).isEqualTo("service,release,metric,operation,run,value");
    // 30 runs of three operations, 20 histograms of pay
    assertThat(lines).hasSize(1 + 3 * 30 + 20);
    assertThat(lines.get(1)).startsWith("shop,v1.0.0,bench_latency_ms,checkout,1,");

    HttpResponse<String> jsonl = http.get("/api/releases/v1.0.0/evidence?format=jsonl");
    assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
    List<String> rows = jsonl.body().lines().toList();
    assertThat(rows).hasSize(3 * 30 + 20);
    JsonObject first = new JsonObject(rows.get(0));
    assertThat(first.getString("metric")).isEqualTo("bench_latency_ms");
    assertThat(first.getInteger("run")).isEqualTo(1);
    assertThat(Double.parseDouble(lines.get(1).split(",")[5])).isEqualTo(first.getDouble("value"));

    assertThat(http.get("/api/releases/v1.0.0/evidence?format=xml").body())
        .contains("format must be csv or jsonl");
    assertThat(http.get("/api/releases/v7/evidence").statusCode()).isEqualTo(404);
  }

  @Test
  void bothReportsRenderInChromium(@TempDir Path tmp) throws Exception {
    Optional<Path> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.err.println(
          "SKIPPED chromium rendering: /usr/bin/chromium is not installed"
              + " (.ci/run installs Debian's chromium)");
      Assumptions.abort("chromium is not installed");
    }
    for (String report : List.of("trend", "drift")) {
      String url = "http://127.0.0.1:" + server.port() + "/api/reports/" + report + "?service=shop";
      Path shot = tmp.resolve(report + ".png");
      HeadlessChromium.Result s =
          HeadlessChromium.run(
              chromium.get(),
              tmp.resolve("profile-" + report),
              "--screenshot=" + shot,
              "--window-size=1280,2000",
              url);
      assertThat(shot).as(s.stderr()).exists().isNotEmptyFile();
      Files.copy(
          shot,
          Path.of("target", "releases-" + report + "-report.png"),
          StandardCopyOption.REPLACE_EXISTING);
      HeadlessChromium.Result dom =
          HeadlessChromium.run(
              chromium.get(),
              tmp.resolve("dom-" + report),
              "--enable-logging=stderr",
              "--v=0",
              "--dump-dom",
              url);
      assertThat(dom.stdout()).contains("<svg").contains("v1.1.0");
      assertThat(dom.stderr())
          .doesNotContain(":CONSOLE(")
          .doesNotContain("Failed to load resource");
    }
  }
}
