package dev.tidemark.bench.peers;

import dev.tidemark.bench.Table;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Whether reads queue behind writes: one PromQL range query over a fixed hour ({@value #QUERY},
 * {@value #READ_SERIES} series at 10 s) timed one run after another on an idle server, then again
 * while {@value #WRITERS} remote_write clients send pre-encoded bodies ({@value #PER_BODY} samples
 * of {@value #LOAD_SERIES} other series each) as fast as they are answered. The server is the real
 * one, a child process on loopback with its embedded PostgreSQL ({@link Peer#tidemark}) or a
 * database it is given.
 */
public final class ReadsUnderWritesBench {
  static final int WRITERS = 8;
  static final int READ_SERIES = 100;
  static final int LOAD_SERIES = 5_000;
  static final int LOAD_ROUNDS = 1_000;
  static final int PER_BODY = 1_000;
  static final String QUERY = "sum by (region) (rate(readq[5m]))";
  private static final int IDLE_RUNS = 40;
  private static final int LOADED_SECONDS = 30;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /**
   * @param databaseUrl the server's {@code database.url}; empty for its embedded PostgreSQL
   * @param store what the table calls that database
   */
  public void run(Table table, String databaseUrl, String store) throws Exception {
    long end = System.currentTimeMillis() / 60_000 * 60_000;
    long start = end - 3_600_000;
    List<byte[]> read = WriteBodies.encode("readq", READ_SERIES, 360, READ_SERIES, start, 10_000);
    List<byte[]> load =
        WriteBodies.encode(
            "loadw", LOAD_SERIES, LOAD_ROUNDS, PER_BODY, end - LOAD_ROUNDS * 10_000L, 10_000);
    try (Peer p =
        Peer.tidemark(
            "1g",
            databaseUrl.isEmpty() ? Map.of() : Map.of("TIDEMARK_DATABASE_URL", databaseUrl))) {
      Load.Result loaded = Load.send(p.url("/api/v1/write"), read, READ_SERIES, 4, 0);
      waitQueryable(p, loaded.ackedSamples(), end);
      long from = start / 1000 + 300;
      long to = end / 1000;
      for (int i = 0; i < 5; i++) {
        query(p, from, to);
      }
      Histogram idle = new Histogram(3);
      for (int i = 0; i < IDLE_RUNS; i++) {
        idle.recordValue(query(p, from, to));
      }
      print("idle", idle, 0, 0);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger next = new AtomicInteger();
      AtomicLong acked = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      Thread[] writers = new Thread[WRITERS];
      for (int k = 0; k < WRITERS; k++) {
        writers[k] =
            new Thread(() -> write(p, load, next, stop, acked, refused), "bench-writer-" + k);
        writers[k].start();
      }
      Thread.sleep(3_000); // writers at full speed before the first timed query
      long ackedBefore = acked.get();
      long t0 = System.nanoTime();
      Histogram busy = new Histogram(3);
      while (System.nanoTime() - t0 < LOADED_SECONDS * 1_000_000_000L
          || busy.getTotalCount() < 10) {
        busy.recordValue(query(p, from, to));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double rate = (acked.get() - ackedBefore) / seconds;
      stop.set(true);
      for (Thread t : writers) {
        t.join();
      }
      print("while " + WRITERS + " writers ingest", busy, rate, refused.get());
      String writing =
          WRITERS
              + " remote_write writers, "
              + String.format(Locale.ROOT, "%,.0f", rate)
              + " samples/s";
      table.add(
          store + ": PromQL `" + QUERY + "` 1 h, step 60 s, p99 with " + writing + ", ms",
          String.format(Locale.ROOT, "%.1f", ms(busy, 99)),
          String.format(Locale.ROOT, "idle %.1f", ms(idle, 99)),
          ms(busy, 99) / ms(idle, 99),
          "small");
      table.add(
          store + ": same, p50, ms",
          String.format(Locale.ROOT, "%.1f", ms(busy, 50)),
          String.format(Locale.ROOT, "idle %.1f", ms(idle, 50)),
          ms(busy, 50) / ms(idle, 50),
          "-");
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static void print(String what, Histogram h, double rate, long refused) {
    System.out.printf(
        Locale.ROOT,
        "  %s: %d queries, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
        what,
        h.getTotalCount(),
        ms(h, 50),
        ms(h, 99),
        h.getMaxValue() / 1000.0,
        rate > 0
            ? String.format(
                Locale.ROOT, "; ingest %,.0f samples/s, %d refused (429/503)", rate, refused)
            : "");
  }

  /** Sends bodies until stopped, from the first again when all were sent (resends count too). */
  private static void write(
      Peer p,
      List<byte[]> bodies,
      AtomicInteger next,
      AtomicBoolean stop,
      AtomicLong acked,
      AtomicLong refused) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI uri = URI.create(p.url("/api/v1/write"));
    while (!stop.get()) {
      byte[] body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          acked.addAndGet(PER_BODY);
        } else if (r.statusCode() == 429 || r.statusCode() == 503) {
          refused.incrementAndGet();
          Thread.sleep(
              Math.min(
                  1000,
                  r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L) * 1000));
        } else {
          throw new IllegalStateException("cannot write: " + r.statusCode() + " " + r.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot write: " + e, e);
      }
    }
  }

  /** Microseconds one run of the query took. */
  private static long query(Peer p, long from, long to) throws Exception {
    long t = System.nanoTime();
    JsonArray result =
        ask(p, QUERY, "/api/v1/query_range", "&start=" + from + "&end=" + to + "&step=60");
    long micros = (System.nanoTime() - t) / 1000;
    if (result.size() != 4) {
      throw new IllegalStateException("cannot measure: expected 4 regions, got " + result);
    }
    return micros;
  }

  private static void waitQueryable(Peer p, long expected, long end) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      JsonArray r =
          ask(p, "sum(count_over_time(readq[2h]))", "/api/v1/query", "&time=" + (end / 1000 + 1));
      if (!r.isEmpty()
          && Double.parseDouble(r.getJsonObject(0).getJsonArray("value").getString(1))
              >= expected) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("cannot measure: the query's samples were not stored in 5 min");
  }

  private static JsonArray ask(Peer p, String q, String path, String params) throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create(
                        p.url(path)
                            + "?query="
                            + URLEncoder.encode(q, StandardCharsets.UTF_8)
                            + params))
                .timeout(Duration.ofMinutes(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("cannot query: " + r.statusCode() + " " + r.body());
    }
    return new JsonObject(r.body()).getJsonObject("data").getJsonArray("result");
  }
}
