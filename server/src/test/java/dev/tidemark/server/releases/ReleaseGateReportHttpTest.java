package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release gate and the HTML report of the comparison. */
class ReleaseGateReportHttpTest extends TwoReleasesHttpTest {
  @Test
  void gateFailsOnTheBlockingRegressionAndPassesWithout() {
    String url = "http://127.0.0.1:" + server.port();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code =
        dev.tidemark.releases.gate.Gate.run(
            new String[] {"gate", "--server", url, "--service", "shop", "--release", "v1.1.0"},
            Map.of(),
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("shop v1.0.0 → v1.1.0: FAILED")
        .contains("1 blocking regression(s) on critical operations")
        .contains("bench_latency_ms checkout: +")
        .contains("/report");

    out.reset();
    code =
        dev.tidemark.releases.gate.Gate.run(
            new String[] {
              "gate",
              "--server",
              url,
              "--service",
              "shop",
              "--release",
              "v1.0.0",
              "--baseline",
              "v1.1.0",
              "--json"
            },
            Map.of(),
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));
    assertThat(code).as(err.toString()).isZero();
    JsonObject json = new JsonObject(out.toString().strip());
    assertThat(json.getBoolean("passed")).isTrue();
    assertThat(
            json.getJsonObject("comparison")
                .getJsonArray("improved_operations")
                .getJsonObject(0)
                .getString("operation"))
        .isEqualTo("checkout");

    out.reset();
    code =
        dev.tidemark.releases.gate.Gate.run(
            new String[] {
              "gate",
              "--server",
              url,
              "--service",
              "shop",
              "--release",
              "v1.0.0",
              "--baseline",
              "v1.1.0",
              "--min-score",
              "100.5"
            },
            Map.of(),
            new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("is under the floor 100.5");
    assertThat(
            dev.tidemark.releases.gate.Gate.run(
                new String[] {"gate", "--release", "x"},
                Map.of(),
                new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true)))
        .isEqualTo(2);
  }

  @Test
  void reportIsOneSelfContainedPageThatRendersInChromium(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    String path = "/api/comparisons/" + comparison.getLong("id") + "/report";
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.body())
        .contains("<svg")
        .contains("bench_latency_ms {operation=checkout}")
        .doesNotContain("<script")
        .doesNotContainPattern("(src|href)=\"https?:");

    java.util.Optional<java.nio.file.Path> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.err.println(
          "SKIPPED chromium rendering: /usr/bin/chromium is not installed"
              + " (.ci/run installs Debian's chromium)");
      org.junit.jupiter.api.Assumptions.abort("chromium is not installed");
    }
    String url = "http://127.0.0.1:" + server.port() + path;
    java.nio.file.Path shot = tmp.resolve("report.png");
    HeadlessChromium.Result s =
        HeadlessChromium.run(
            chromium.get(),
            tmp.resolve("profile1"),
            "--screenshot=" + shot,
            "--window-size=1280,2000",
            url);
    assertThat(shot).as(s.stderr()).exists().isNotEmptyFile();
    java.nio.file.Files.copy( // kept for people and CI artifacts to look at
        shot,
        java.nio.file.Path.of("target", "releases-report.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    HeadlessChromium.Result dom =
        HeadlessChromium.run(
            chromium.get(),
            tmp.resolve("profile2"),
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            url);
    assertThat(dom.stdout()).contains("bench_latency_ms {operation=checkout}").contains("<svg");
    assertThat(dom.stderr()).doesNotContain(":CONSOLE(").doesNotContain("Failed to load resource");
  }
}
