package dev.tidemark.agent.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.protocol.Sample;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScraperTest {
  @TempDir Path dir;

  @Test
  void readsTheTextFormatAndOpenMetrics() {
    int[] bad = new int[1];
    List<ExpositionParser.Line> lines =
        ExpositionParser.parse(
            """
            # HELP http_requests_total Requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="get", path="/a \\"b\\"\\\\c\\nd"} 3
            go_goroutines 12
            rpc_duration_seconds_bucket{le="+Inf"} 2693
            weird{} NaN
            not a line
            broken{a="x} 1
            """,
            false,
            bad);
    assertThat(bad[0]).isEqualTo(2);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0).labels()).containsExactly("method", "post", "code", "200");
    assertThat(lines.get(0).timestamp()).isEqualTo(1395066363000L);
    assertThat(lines.get(0).value()).isEqualTo(1027);
    assertThat(lines.get(1).labels()).containsExactly("method", "get", "path", "/a \"b\"\\c\nd");
    assertThat(lines.get(2).series()).isEqualTo("go_goroutines");
    assertThat(lines.get(2).timestamp()).isEqualTo(-1);
    assertThat(lines.get(3).labels()).containsExactly("le", "+Inf");
    assertThat(lines.get(4).value()).isNaN();

    List<ExpositionParser.Line> om =
        ExpositionParser.parse(
            "# TYPE foo counter\nfoo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67\n# EOF\n",
            true,
            bad);
    assertThat(om).hasSize(1);
    assertThat(om.get(0).timestamp()).isEqualTo(1520879607789L);
  }

  @Test
  void scrapesIntoTheSpoolAndEndsVanishedSeriesWithStaleMarkers() throws Exception {
    AtomicReference<String> page = new AtomicReference<>("a 1\nb{x=\"1\",job=\"app\"} 2\nc NaN\n");
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/metrics",
        ex -> {
          String p = page.get();
          if (p == null) {
            ex.sendResponseHeaders(503, -1);
          } else {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          }
          ex.close();
        });
    http.start();
    int port = http.getAddress().getPort();
    try (Spool spool = Spool.open(dir, new SpoolOptions(64 << 20, "hourly"), -1);
        Scraper scraper =
            new Scraper(
                spool,
                List.of(URI.create("http://127.0.0.1:" + port + "/metrics")),
                Map.of("host", "h1"),
                "app",
                Duration.ofSeconds(5))) {
      scraper.scrapeAll();
      page.set("a 3\n");
      scraper.scrapeAll();
      page.set(null); // the target is down
      scraper.scrapeAll();
      List<Sample> got = read(spool);
      assertThat(got)
          .extracting(
              s ->
                  s.metric() + s.labels().asMap() + "=" + (s.isStaleMarker() ? "stale" : s.value()))
          .containsExactly(
              "a{host=h1, instance=127.0.0.1:" + port + ", job=app}=1.0",
              "b{exported_job=app, host=h1, instance=127.0.0.1:" + port + ", job=app, x=1}=2.0",
              "up{host=h1, instance=127.0.0.1:" + port + ", job=app}=1.0",
              "scrape_duration_seconds{host=h1, instance=127.0.0.1:"
                  + port
                  + ", job=app}="
                  + got.get(3).value(),
              "scrape_samples_scraped{host=h1, instance=127.0.0.1:" + port + ", job=app}=2.0",
              "a{host=h1, instance=127.0.0.1:" + port + ", job=app}=3.0",
              "b{exported_job=app, host=h1, instance=127.0.0.1:" + port + ", job=app, x=1}=stale",
              "up{host=h1, instance=127.0.0.1:" + port + ", job=app}=1.0",
              "scrape_duration_seconds{host=h1, instance=127.0.0.1:"
                  + port
                  + ", job=app}="
                  + got.get(8).value(),
              "scrape_samples_scraped{host=h1, instance=127.0.0.1:" + port + ", job=app}=1.0",
              "a{host=h1, instance=127.0.0.1:" + port + ", job=app}=stale",
              "up{host=h1, instance=127.0.0.1:" + port + ", job=app}=0.0",
              "scrape_duration_seconds{host=h1, instance=127.0.0.1:"
                  + port
                  + ", job=app}="
                  + got.get(12).value(),
              "scrape_samples_scraped{host=h1, instance=127.0.0.1:" + port + ", job=app}=0.0");
      assertThat(scraper.badLines()).isEqualTo(1); // c NaN
      assertThat(scraper.failures()).isEqualTo(1);
    } finally {
      http.stop(0);
    }
  }

  private static List<Sample> read(Spool spool) {
    List<Sample> out = new ArrayList<>();
    try (SpoolCursor c = spool.cursor()) {
      c.seekAfter(-1);
      for (SpoolEntry e = c.next(); e != null; e = c.next()) {
        out.addAll(e.samples());
      }
    }
    return out;
  }
}
