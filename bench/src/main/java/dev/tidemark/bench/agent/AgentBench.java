package dev.tidemark.bench.agent;

import dev.tidemark.agent.ship.DeadLetters;
import dev.tidemark.agent.ship.ShipState;
import dev.tidemark.agent.ship.Shipper;
import dev.tidemark.agent.ship.ShipperOptions;
import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.bench.Table;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;

/**
 * The agent's two speeds: appending one sample to its spool, against a bare Chronicle append of the
 * same fields in the same run; and draining a backlog into a live server, against the server's own
 * end-to-end ingest rate measured just before.
 */
public final class AgentBench {
  private static final int APPENDS = 1_000_000;
  private static final Labels LABELS =
      Labels.of("host", "h1", "op", "checkout", "release", "v1.3.0", "service", "shop");

  private final Supplier<String> databases;
  private final int backlog;

  public AgentBench(Supplier<String> databases, int backlog) {
    this.databases = databases;
    this.backlog = backlog;
  }

  public void run(Table table, double serverRowsPerSecond) throws Exception {
    Histogram bare = bareAppend();
    Histogram agent = agentAppend();
    table.add(
        "agent spool append p50 / p99, µs",
        us(agent, 50) + " / " + us(agent, 99),
        "bare Chronicle append " + us(bare, 50) + " / " + us(bare, 99),
        agent.getValueAtPercentile(99) / (double) Math.max(1, bare.getValueAtPercentile(99)),
        "≤ 2× bare, p99 ≤ 2 µs");
    double drain = drain();
    table.add(
        "agent backlog drain into the server, samples/s",
        String.format(Locale.ROOT, "%.2f M", drain / 1e6),
        String.format(Locale.ROOT, "server end to end %.2f M", serverRowsPerSecond / 1e6),
        drain / serverRowsPerSecond,
        "≥ 0.80");
  }

  private static String us(Histogram h, double p) {
    return String.format(Locale.ROOT, "%.2f", h.getValueAtPercentile(p) / 1000.0);
  }

  /** The same fields the spool writes: kind, append time, metric, labels, timestamp, value. */
  private static Histogram bareAppend() throws Exception {
    Path dir = Files.createTempDirectory("tidemark-bench-bare");
    Histogram ns = new Histogram(3);
    try (SingleChronicleQueue queue =
            SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY).build();
        ExcerptAppender appender = queue.createAppender()) {
      for (int i = 0; i < APPENDS + APPENDS / 5; i++) {
        long start = System.nanoTime();
        try (DocumentContext dc = appender.writingDocument()) {
          Bytes<?> b = dc.wire().bytes();
          b.writeByte((byte) 1).writeLong(start).writeUtf8("checkout_latency");
          b.writeStopBit(LABELS.size());
          for (int l = 0; l < LABELS.size(); l++) {
            b.writeUtf8(LABELS.name(l)).writeUtf8(LABELS.value(l));
          }
          b.writeLong(i).writeDouble(i * 0.5);
        }
        if (i >= APPENDS / 5) { // the first fifth warms up
          ns.recordValue(Math.max(1, System.nanoTime() - start));
        }
      }
    }
    return ns;
  }

  private static Histogram agentAppend() throws Exception {
    Path dir = Files.createTempDirectory("tidemark-bench-spool");
    Histogram ns = new Histogram(3);
    try (Spool spool = Spool.open(dir, new SpoolOptions(Long.MAX_VALUE, "FAST_HOURLY"), -1)) {
      for (int i = 0; i < APPENDS + APPENDS / 5; i++) {
        Sample s = new Sample("checkout_latency", LABELS, i, i * 0.5);
        long start = System.nanoTime();
        spool.append(s);
        if (i >= APPENDS / 5) {
          ns.recordValue(Math.max(1, System.nanoTime() - start));
        }
      }
    }
    return ns;
  }

  /** Spools {@code backlog} samples, then times the shipper until the server has stored them. */
  private double drain() throws Exception {
    Path dir = Files.createTempDirectory("tidemark-bench-drain");
    long now = System.currentTimeMillis() - 3_600_000L;
    try (Tidemark server = TestServer.start(databases.get(), Map.of());
        Spool spool = Spool.open(dir, new SpoolOptions(Long.MAX_VALUE, "FAST_HOURLY"), -1)) {
      Labels[] series = new Labels[1000];
      for (int s = 0; s < series.length; s++) {
        series[s] = Labels.of("host", "h" + (s / 10), "op", "op" + (s % 10));
      }
      for (int i = 0; i < backlog; i++) {
        spool.append(new Sample("drain_m", series[i % series.length], now - backlog + i, i));
      }
      ShipperOptions options =
          new ShipperOptions(
              "bench-agent",
              URI.create("http://127.0.0.1:" + server.port()),
              "",
              Duration.ofSeconds(30),
              5000,
              ShipperOptions.DEFAULT_BATCH_BYTES,
              Duration.ofMillis(100),
              Duration.ofMillis(100),
              Duration.ofSeconds(5));
      long start = System.nanoTime();
      try (Shipper shipper =
          Shipper.start(spool, ShipState.load(dir), options, new DeadLetters(dir, 1 << 20))) {
        while (spool.backlogEntries() > 0) {
          Thread.sleep(10);
        }
        if (!server.writer().awaitCaughtUp(Duration.ofMinutes(10))) {
          throw new IllegalStateException("the server did not store the backlog");
        }
      }
      return backlog / ((System.nanoTime() - start) / 1e9);
    }
  }
}
