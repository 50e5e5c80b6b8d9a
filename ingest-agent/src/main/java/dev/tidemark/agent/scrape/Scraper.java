package dev.tidemark.agent.scrape;

import dev.tidemark.agent.http.PlainHttp;
import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes Prometheus/OpenMetrics endpoints on an interval into the spool, on a thread of its own:
 * from there they ship like every other sample, exactly once. Each target's series carry the
 * agent's labels plus {@code instance} (host:port) and {@code job}; {@code up}, {@code
 * scrape_duration_seconds} and {@code scrape_samples_scraped} are added as Prometheus adds them; a
 * series that disappears ends with a staleness marker. Each scrape is one spool entry: a crash
 * mid-scrape keeps none of it rather than a part.
 */
public final class Scraper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);
  static final String ACCEPT =
      "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";

  private static final long MAX_BODY = 64L << 20;

  private final Spool spool;
  private final List<Target> targets = new ArrayList<>();
  private final Map<String, PlainHttp> plain = new java.util.HashMap<>();
  private HttpClient https; // created for the first https:// target only: it initialises TLS
  private final Duration timeout;
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong badLines = new AtomicLong();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tidemark-scrape"));

  /** Not started: {@link #scrapeAll} scrapes once (tests). */
  Scraper(Spool spool, List<URI> urls, Map<String, String> labels, String job, Duration timeout) {
    this.spool = spool;
    this.timeout = timeout;
    for (URI u : urls) {
      plain.put(u.toString(), new PlainHttp(timeout)); // a kept-alive connection per target
    }
    for (URI u : urls) {
      String instance = u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : defaultPort(u));
      targets.add(new Target(u.toString(), labels, instance, job));
    }
  }

  public static Scraper start(
      Spool spool,
      List<URI> urls,
      Map<String, String> labels,
      String job,
      Duration interval,
      Duration timeout) {
    Scraper s = new Scraper(spool, urls, labels, job, timeout);
    long ms = interval.toMillis();
    s.thread.scheduleAtFixedRate(s::scrapeAll, 0, ms, TimeUnit.MILLISECONDS);
    return s;
  }

  private static int defaultPort(URI u) {
    return "https".equals(u.getScheme()) ? 443 : 80;
  }

  /** One round over every target; also for tests. */
  void scrapeAll() {
    for (Target t : targets) {
      try {
        scrape(t);
      } catch (RuntimeException e) {
        LOG.warn("cannot scrape {}: {}", t.url(), e.toString());
      }
    }
  }

  private void scrape(Target t) {
    long now = System.currentTimeMillis();
    long start = System.nanoTime();
    String body;
    String type;
    try {
      URI uri = URI.create(t.url());
      if ("https".equals(uri.getScheme())) {
        if (https == null) {
          https = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        HttpResponse<String> r =
            https.send(
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IOException("server answered " + r.statusCode());
        }
        body = r.body();
        type = r.headers().firstValue("Content-Type").orElse("");
      } else {
        PlainHttp.Response r =
            plain.get(t.url()).exchange("GET", uri, null, timeout, MAX_BODY, "Accept", ACCEPT);
        if (r.status() != 200) {
          throw new IOException("server answered " + r.status());
        }
        body = r.text();
        type = r.headers().getOrDefault("content-type", "");
      }
    } catch (IOException e) {
      fail(t, now, start, e.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    boolean openMetrics = type.toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text");
    int[] bad = new int[1];
    List<ExpositionParser.Line> lines = ExpositionParser.parse(body, openMetrics, bad);
    List<Sample> out = new ArrayList<>(lines.size() + 3);
    int n = t.scraped(lines, now, out, bad);
    scrapes.incrementAndGet();
    if (bad[0] > 0) {
      badLines.addAndGet(bad[0]);
    }
    t.report(out, now, true, (System.nanoTime() - start) / 1e9, n);
    spool.appendAll(out);
  }

  private void fail(Target t, long now, long start, String why) {
    if (failures.getAndIncrement() % 60 == 0) {
      LOG.warn("cannot scrape {}: {}", t.url(), why);
    }
    List<Sample> out = new ArrayList<>();
    t.failed(now, out);
    t.report(out, now, false, (System.nanoTime() - start) / 1e9, 0);
    spool.appendAll(out);
  }

  public long scrapes() {
    return scrapes.get();
  }

  public long failures() {
    return failures.get();
  }

  /** Lines skipped: unreadable, or a value the server refuses (NaN, ±Inf). */
  public long badLines() {
    return badLines.get();
  }

  @Override
  public void close() {
    plain.values().forEach(PlainHttp::close); // a scrape blocked on its socket fails at once
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
