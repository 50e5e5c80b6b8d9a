package dev.tidemark.bench.traces;

import dev.tidemark.bench.Table;
import dev.tidemark.protocol.Span;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.storage.traces.SpanRows;
import dev.tidemark.server.testing.TestServer;
import dev.tidemark.traces.otlp.TraceEncoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Spans, each figure against a baseline in the same process: end to end (OTLP/HTTP protobuf →
 * decode, rules, sampling → write-ahead queue → storage writer → span table, plus the derived
 * latency histograms) against a bare binary COPY of the same spans into the span table; and a trace
 * by id and a search through HTTP at the loaded size against GET /health.
 */
public final class SpanBench {
  private static final int PER_REQUEST = 1000;
  private static final int CLIENTS = 4;
  private static final HexFormat HEX = HexFormat.of();

  private final Supplier<String> databases;
  private final int spans;

  public SpanBench(Supplier<String> databases, int spans) {
    this.databases = databases;
    this.spans = Math.max(PER_REQUEST, spans / PER_REQUEST * PER_REQUEST);
  }

  /** Spans of 8-span traces over 4 services × 10 operations, with a few attributes each. */
  static List<List<Span>> workload(int count) {
    Random random = new Random(7);
    long now = System.currentTimeMillis() * 1_000_000L;
    List<List<Span>> requests = new ArrayList<>();
    List<Span> current = new ArrayList<>();
    String traceId = null;
    for (int i = 0; i < count; i++) {
      if (i % 8 == 0) {
        traceId = String.format("%016x%016x", random.nextLong() | 1, random.nextLong());
      }
      String service = "svc-" + (i / 8 % 4);
      current.add(
          new Span(
              traceId,
              String.format("%016x", random.nextLong() | 1),
              i % 8 == 0 ? null : String.format("%016x", random.nextLong() | 1),
              service,
              "op-" + (i % 10),
              2,
              now - (count - i) * 1_000_000L,
              1_000_000L + random.nextInt(50_000_000),
              i % 50 == 0 ? 2 : 0,
              "",
              "v1.0." + (i / 100_000),
              Map.of("http.method", "GET", "http.status_code", 200L, "peer", "10.0.0." + (i % 20)),
              Map.of("service.name", service, "service.version", "v1.0." + (i / 100_000)),
              List.of()));
      if (current.size() == PER_REQUEST) {
        requests.add(current);
        current = new ArrayList<>();
      }
    }
    return requests;
  }

  public void run(Table table) throws Exception {
    List<List<Span>> requests = workload(spans);
    double copy = rawCopy(requests);
    double[] e2e = endToEnd(requests);
    table.add(
        "spans end to end (OTLP/HTTP → WAL → DB), spans/s",
        String.format(Locale.ROOT, "%.0f k", e2e[0] / 1e3),
        String.format(Locale.ROOT, "binary COPY into spans %.0f k", copy / 1e3),
        e2e[0] / copy,
        "≥ 0.50");
    table.add(
        String.format(Locale.ROOT, "trace by id p50 at %d spans, ms", spans),
        String.format(Locale.ROOT, "%.2f", e2e[1]),
        String.format(Locale.ROOT, "GET /health p50 %.2f", e2e[3]),
        e2e[1] / Math.max(e2e[3], 0.001),
        "-");
    table.add(
        String.format(Locale.ROOT, "trace search p50 at %d spans, ms", spans),
        String.format(Locale.ROOT, "%.2f", e2e[2]),
        String.format(Locale.ROOT, "GET /health p50 %.2f", e2e[3]),
        e2e[2] / Math.max(e2e[3], 0.001),
        "-");
    long total = Long.getLong("tidemark.bench.spans", 10L * spans);
    double[] at = latencyAt(total);
    table.add(
        String.format(Locale.ROOT, "trace by id p50 / p99 at %,d spans, ms", total),
        String.format(Locale.ROOT, "%.2f / %.2f", at[0], at[1]),
        String.format(Locale.ROOT, "GET /health p50 %.2f", at[4]),
        at[0] / Math.max(at[4], 0.001),
        "-");
    table.add(
        String.format(Locale.ROOT, "trace search p50 / p99 at %,d spans (last hour), ms", total),
        String.format(Locale.ROOT, "%.2f / %.2f", at[2], at[3]),
        String.format(Locale.ROOT, "GET /health p50 %.2f", at[4]),
        at[2] / Math.max(at[4], 0.001),
        "-");
  }

  /**
   * Trace by id and search latency with {@code total} spans stored: the spans are generated inside
   * the database (8 per trace, 4 services, 10 operations, over the last 24 hours), then 300 lookups
   * of each kind go through HTTP. {p50 by id, p99 by id, p50 search, p99 search, p50 health} in ms.
   */
  public double[] latencyAt(long total) throws Exception {
    try (Tidemark server = TestServer.start(databases.get(), Map.of())) {
      long started = System.nanoTime();
      server
          .storage()
          .database()
          .withConnection(
              c -> {
                try (var st = c.createStatement()) {
                  st.execute("SET synchronous_commit = off");
                  st.execute(
                      "INSERT INTO spans (trace_id, span_id, parent_span_id, service, operation,"
                          + " kind, start_time, start_ns, duration_ns, status_code, status_message,"
                          + " release, attributes, resource, events)"
                          + " SELECT decode(md5((i / 8)::text), 'hex'),"
                          + " substr(decode(md5(i::text || 's'), 'hex'), 1, 8),"
                          + " CASE WHEN i % 8 = 0 THEN NULL"
                          + " ELSE substr(decode(md5((i - i % 8)::text || 's'), 'hex'), 1, 8) END,"
                          + " 'svc-' || (i / 8 % 4), 'op-' || (i % 10), 2, t,"
                          + " (extract(epoch FROM t) * 1e9)::bigint,"
                          + " 1000000 + (i::bigint * 7919) % 50000000, CASE WHEN i % 50 = 0 THEN 2 ELSE 0 END,"
                          + " '', 'v1', jsonb_build_object('http.method', 'GET', 'peer', '10.0.0.'"
                          + " || (i % 20)), jsonb_build_object('service.name', 'svc-' || (i / 8 % 4)),"
                          + " '[]'::jsonb"
                          + " FROM generate_series(0, "
                          + (total - 1)
                          + ") i, LATERAL (SELECT now() - (i * (86400.0 / "
                          + total
                          + ")) * interval '1 second' AS t) g");
                  st.execute("ANALYZE spans");
                }
                return null;
              });
      System.out.printf(
          Locale.ROOT,
          "  generated %d spans in %.0f s%n",
          total,
          (System.nanoTime() - started) / 1e9);
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      Random random = new Random(5);
      Histogram byId = new Histogram(3);
      Histogram search = new Histogram(3);
      Histogram health = new Histogram(3);
      for (int i = 0; i < 300; i++) {
        long trace = (long) (random.nextDouble() * (total / 8));
        String id = md5(Long.toString(trace));
        time(byId, client, get(base + "/api/traces/" + id));
        time(
            search,
            client,
            get(
                base
                    + "/api/traces?service=svc-"
                    + (i % 4)
                    + "&operation=op-"
                    + (i % 10)
                    + "&minDuration=40ms&limit=20&from="
                    + (System.currentTimeMillis() - 3_600_000L)));
        time(health, client, get(base + "/health"));
      }
      return new double[] {
        byId.getValueAtPercentile(50) / 1000.0,
        byId.getValueAtPercentile(99) / 1000.0,
        search.getValueAtPercentile(50) / 1000.0,
        search.getValueAtPercentile(99) / 1000.0,
        health.getValueAtPercentile(50) / 1000.0
      };
    }
  }

  private static String md5(String s) throws Exception {
    return HEX.formatHex(
        java.security.MessageDigest.getInstance("MD5")
            .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private double rawCopy(List<List<Span>> requests) throws Exception {
    Database db = Database.connect(databases.get(), null, null, 4, 64, "auto");
    TierPlan plan =
        TierPlan.parse(
            ConfigKey.STORAGE_TIERS.defaultValue(), Duration.ofHours(1), Duration.ofDays(2));
    try (Storage storage = Storage.open(db, plan, 1000, Clock.systemUTC())) {
      long start = System.nanoTime();
      db.withConnection(
          c -> {
            for (List<Span> r : requests) {
              SpanRows.copy(c, r);
            }
            return null;
          });
      return spans / ((System.nanoTime() - start) / 1e9);
    } finally {
      db.close();
    }
  }

  /** {spans/s, trace-by-id p50 ms, search p50 ms, health p50 ms}. */
  private double[] endToEnd(List<List<Span>> requests) throws Exception {
    List<byte[]> bodies = new ArrayList<>();
    for (List<Span> r : requests) {
      bodies.add(TraceEncoder.protobuf(r));
    }
    try (Tidemark server = TestServer.start(databases.get(), Map.of())) {
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      URI uri = URI.create(base + "/v1/traces");
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        Thread sender =
            new Thread(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < bodies.size();
                      i = next.getAndIncrement()) {
                    int code = send(client, post(uri, bodies.get(i)));
                    if (code != 200) {
                      throw new IllegalStateException("OTLP ingest answered " + code);
                    }
                  }
                });
        sender.start();
        senders.add(sender);
      }
      for (Thread s : senders) {
        s.join();
      }
      if (!server.writer().awaitCaughtUp(Duration.ofMinutes(10))) {
        throw new IllegalStateException("the writer did not catch up");
      }
      double rate = spans / ((System.nanoTime() - start) / 1e9);
      Random random = new Random(3);
      Histogram byId = new Histogram(3);
      Histogram search = new Histogram(3);
      Histogram health = new Histogram(3);
      for (int i = 0; i < 300; i++) {
        List<Span> r = requests.get(random.nextInt(requests.size()));
        String id = r.get(random.nextInt(r.size())).traceId();
        time(byId, client, get(base + "/api/traces/" + id));
        time(
            search,
            client,
            get(
                base
                    + "/api/traces?service=svc-"
                    + (i % 4)
                    + "&operation=op-"
                    + (i % 10)
                    + "&minDuration=40ms&limit=20"));
        time(health, client, get(base + "/health"));
      }
      return new double[] {
        rate,
        byId.getValueAtPercentile(50) / 1000.0,
        search.getValueAtPercentile(50) / 1000.0,
        health.getValueAtPercentile(50) / 1000.0
      };
    }
  }

  private static void time(Histogram into, HttpClient client, HttpRequest request) {
    long t = System.nanoTime();
    int code = send(client, request);
    if (code != 200) {
      throw new IllegalStateException(request.uri() + " answered " + code);
    }
    into.recordValue((System.nanoTime() - t) / 1000);
  }

  private static HttpRequest post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).GET().build();
  }

  private static int send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
