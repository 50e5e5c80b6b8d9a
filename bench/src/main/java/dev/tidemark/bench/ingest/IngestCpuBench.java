package dev.tidemark.bench.ingest;

import com.sun.management.OperatingSystemMXBean;
import dev.tidemark.bench.Table;
import dev.tidemark.bench.peers.WriteBodies;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.SampleRules;
import dev.tidemark.server.http.Auth;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.SampleColumns;
import dev.tidemark.server.ingest.influx.InfluxWriteHandler;
import dev.tidemark.server.ingest.remotewrite.RemoteWriteHandler;
import dev.tidemark.server.wal.WriteAheadLog;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * JVM CPU per acknowledged sample on the ingest path: the server's HTTP handlers for remote_write
 * and Influx line protocol, in this process, appending to a write-ahead queue in a temporary
 * directory (no storage writer, no database: this is the cost of decoding, validating and making a
 * request durable). Pre-encoded requests go over four keep-alive sockets ({@link RawSender}), first
 * until the JIT is mostly done with the path, then once measured; the server's CPU is the process
 * CPU (GC included) minus the senders' own thread CPU and the JIT compiler threads' (a cost paid
 * once while the code warms up; a second row counts it in), divided by the samples acknowledged.
 * Baselines in the same run: the least any decoder of the same bodies does (remote_write: snappy
 * decompression and a walk over every protobuf field; line protocol: strict UTF-8 decoding and a
 * scan for line ends), on one thread.
 */
public final class IngestCpuBench {
  private static final int SERIES = 10_000;
  private static final int PER_BODY = 1_000;
  private static final int CONNECTIONS = 4;

  private final int samples;

  public IngestCpuBench(int samples) {
    this.samples = samples;
  }

  public void run(Table table) throws Exception {
    int rounds = Math.max(2, samples / SERIES);
    long step = Duration.ofMinutes(50).toMillis() / rounds;
    long start = (System.currentTimeMillis() - Duration.ofMinutes(55).toMillis()) / 1000 * 1000;
    List<byte[]> rw = WriteBodies.encode("bench_cpu", SERIES, rounds, PER_BODY, start, step);
    List<byte[]> lp = lineBodies(rounds, start, step);
    Path dir = Files.createTempDirectory("bench-ingest-cpu");
    Vertx vertx = Vertx.vertx();
    try (WriteAheadLog wal = WriteAheadLog.open(dir.resolve("wal"), Clock.systemUTC())) {
      int port = serve(vertx, wal);
      measure(
          table,
          "remote_write",
          port,
          requests(rw, "/api/v1/write", "application/x-protobuf", "snappy"),
          baselineRemoteWrite(rw),
          "snappy + protobuf walk");
      measure(
          table,
          "Influx line protocol",
          port,
          requests(lp, "/api/v2/write?precision=ms", "text/plain", null),
          baselineLines(lp),
          "UTF-8 decode + line scan");
    } finally {
      vertx.close().await();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static int serve(Vertx vertx, WriteAheadLog wal) {
    SampleRules rules = SampleRules.defaults();
    ServerMetrics metrics = new ServerMetrics();
    Router router = Router.router(vertx);
    long limit = 64L << 20;
    Handler<RoutingContext> open = Auth.parse("").require(Auth.Scope.WRITE); // no tokens: open
    IngestSink sink =
        new IngestSink() {
          @Override
          public void append(Batch batch) {
            wal.append(batch);
          }

          @Override
          public void append(SampleColumns samples) {
            wal.append(samples);
          }
        };
    new RemoteWriteHandler(vertx, sink, rules, metrics, limit, null).mount(router, open);
    new InfluxWriteHandler(vertx, sink, rules, metrics, limit).mount(router, open);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    return server.actualPort();
  }

  private void measure(
      Table table,
      String protocol,
      int port,
      List<byte[]> requests,
      double baselineMicros,
      String baselineName)
      throws Exception {
    warmUp(port, requests);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, Long> threads0 = ThreadCpu.byGroup();
    long cpu0 = os.getProcessCpuTime();
    RawSender.Result r = RawSender.send(port, requests, CONNECTIONS);
    long cpu = os.getProcessCpuTime() - cpu0 - r.senderCpuNanos();
    System.out.println("  " + ThreadCpu.since(threads0));
    long acked = r.ackedRequests() * PER_BODY;
    long jit = ThreadCpu.compilerNanos(threads0);
    double micros = (cpu - jit) / 1e3 / Math.max(1, acked);
    double withJit = cpu / 1e3 / Math.max(1, acked);
    System.out.printf(
        Locale.ROOT,
        "  %s: %,d samples acknowledged in %.1f s (%d refused); server CPU %.2f s (JIT compilers"
            + " %.2f s), senders %.2f s%n",
        protocol,
        acked,
        r.seconds(),
        r.refused(),
        cpu / 1e9,
        jit / 1e9,
        r.senderCpuNanos() / 1e9);
    table.add(
        "JVM CPU per acknowledged sample, " + protocol + " (HTTP → WAL), µs",
        String.format(Locale.ROOT, "%.2f", micros),
        String.format(Locale.ROOT, "%s %.3f", baselineName, baselineMicros),
        micros / baselineMicros,
        "< 1 µs");
    table.add(
        "same, JIT compilers' CPU in the window counted too, µs",
        String.format(Locale.ROOT, "%.2f", withJit),
        String.format(Locale.ROOT, "%s %.3f", baselineName, baselineMicros),
        withJit / baselineMicros,
        "-");
    table.add(
        "acknowledged, " + protocol + " (HTTP → WAL, 4 connections), samples/s",
        String.format(Locale.ROOT, "%,.0f", acked / r.seconds()),
        "-",
        Double.NaN,
        "-");
  }

  /**
   * Sends the requests again and again until the JIT is done with the path: from the fifth pass, a
   * pass in which compilation took under 2% of it; at most eight passes. Per-request code (HTTP,
   * routing) is compiled by C2 only after some ten thousand requests; before, the compilers' CPU
   * would be counted as the ingest path's.
   */
  private static void warmUp(int port, List<byte[]> requests) throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    for (int pass = 1; pass <= 8; pass++) {
      long compiled = jit.getTotalCompilationTime();
      RawSender.Result r = RawSender.send(port, requests, CONNECTIONS);
      long ms = jit.getTotalCompilationTime() - compiled;
      System.out.printf(
          Locale.ROOT, "  warm-up pass %d: %.1f s, compiling %d ms%n", pass, r.seconds(), ms);
      if (pass >= 5 && ms < 0.02 * r.seconds() * 1000) {
        return;
      }
    }
  }

  private static List<byte[]> requests(
      List<byte[]> bodies, String path, String type, String encoding) {
    List<byte[]> out = new ArrayList<>(bodies.size());
    for (byte[] b : bodies) {
      out.add(RawSender.request(path, type, encoding, b));
    }
    return out;
  }

  /** The same series and values as the remote_write bodies, as line protocol. */
  private static List<byte[]> lineBodies(int rounds, long start, long step) {
    List<byte[]> out = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      long ts = start + r * step;
      for (int first = 0; first < SERIES; first += PER_BODY) {
        StringBuilder sb = new StringBuilder(PER_BODY * 64);
        for (int i = first; i < first + PER_BODY; i++) {
          sb.append("bench_lp,group=")
              .append(i % 10)
              .append(",region=r")
              .append(i % 4)
              .append(",series=")
              .append(i)
              .append(" value=")
              .append(Math.floor(r * 1.5 + i % 7))
              .append(' ')
              .append(ts)
              .append('\n');
        }
        out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static double baselineRemoteWrite(List<byte[]> bodies) {
    return perSample(bodies, ProtoWalk::samples);
  }

  private static double baselineLines(List<byte[]> bodies) {
    return perSample(
        bodies,
        body -> {
          String text = new String(body, StandardCharsets.UTF_8);
          int lines = 0;
          for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            lines++;
          }
          return lines;
        });
  }

  /** Thread CPU µs per sample of {@code decode} over every body, after one warm-up pass. */
  private static double perSample(
      List<byte[]> bodies, java.util.function.ToLongFunction<byte[]> decode) {
    var threads = ManagementFactory.getThreadMXBean();
    long n = 0;
    for (byte[] b : bodies) {
      n += decode.applyAsLong(b);
    }
    long cpu0 = threads.getCurrentThreadCpuTime();
    n = 0;
    for (byte[] b : bodies) {
      n += decode.applyAsLong(b);
    }
    return (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / n;
  }
}
