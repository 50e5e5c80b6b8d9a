package dev.tidemark.bench.ingest;

import dev.tidemark.bench.Table;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.storage.BinaryCopy;
import dev.tidemark.server.storage.SeriesKey;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.TestServer;
import dev.tidemark.server.wal.StorageWriter;
import dev.tidemark.server.wal.WriteAheadLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Ingest speed, each figure against a baseline in the same process: end-to-end (HTTP → write-ahead
 * queue → storage writer → database) and the storage writer alone against a bare binary COPY of the
 * same rows into the same table, the COPY against an unnest insert loop, and the latency the server
 * adds to an ingest request at half the end-to-end rate against a GET /health at the same schedule.
 */
public final class IngestBench {
  private static final int BATCH = 5000;
  private static final int CLIENTS = 4;

  private final Supplier<String> databases;
  private final int rows;

  public IngestBench(Supplier<String> databases, int rows) {
    this.databases = databases;
    this.rows = rows;
  }

  /** Runs and adds its rows; returns the end-to-end rate (rows/s) for other benchmarks. */
  public double run(Table table) throws Exception {
    Workload work = new Workload(rows, BATCH, "bench");
    double copy = rawCopy(work);
    double unnest = unnestInsert(work);
    double writer = writerAlone(work);
    double e2e = endToEnd(work);
    table.add(
        "binary COPY, rows/s", rate(copy), "unnest insert " + rate(unnest), copy / unnest, "-");
    table.add(
        "storage writer alone, rows/s",
        rate(writer),
        "binary COPY " + rate(copy),
        writer / copy,
        "≥ 0.80");
    table.add(
        "end to end (HTTP → WAL → DB), rows/s",
        rate(e2e),
        "binary COPY " + rate(copy),
        e2e / copy,
        "≥ 0.50");
    double[] latency = latencyAtHalfRate(e2e);
    table.add(
        String.format(
            Locale.ROOT, "ingest p99 at half rate (%.0f req/s × 100 rows), ms", latency[2]),
        String.format(Locale.ROOT, "%.2f", latency[0]),
        String.format(Locale.ROOT, "GET /health p99 %.2f", latency[1]),
        latency[0] / Math.max(latency[1], 0.001),
        String.format(Locale.ROOT, "added ≤ 5 ms (added %.2f ms)", latency[0] - latency[1]));
    return e2e;
  }

  private static String rate(double rowsPerSecond) {
    return String.format(Locale.ROOT, "%.2f M", rowsPerSecond / 1e6);
  }

  /** A fresh database with the schema, series created, partitions ready: nothing left to time. */
  private record Prepared(Database db, Storage storage, long[][] ids) implements AutoCloseable {
    @Override
    public void close() {
      storage.close();
      db.close();
    }
  }

  private Prepared prepare(Workload work) throws Exception {
    Database db = Database.connect(databases.get(), null, null, 4, 64, "auto");
    TierPlan plan =
        TierPlan.parse(
            ConfigKey.STORAGE_TIERS.defaultValue(), Duration.ofHours(1), Duration.ofDays(2));
    Storage storage = Storage.open(db, plan, 100_000, Clock.systemUTC());
    long[][] ids = new long[work.batches.size()][];
    TreeSet<Long> days = new TreeSet<>();
    Map<SeriesKey, String> none = new HashMap<>();
    for (int b = 0; b < work.batches.size(); b++) {
      List<SeriesKey> keys = new ArrayList<>();
      for (Sample s : work.batches.get(b).samples()) {
        keys.add(new SeriesKey(s.metric(), s.labels()));
        days.add(Math.floorDiv(s.timestamp(), 86_400_000L));
      }
      int at = b;
      ids[at] = db.withConnection(c -> storage.registry().resolve(c, keys, none));
    }
    db.withConnection(
        c -> {
          storage.tiers().ensurePartitions(c, days);
          return null;
        });
    return new Prepared(db, storage, ids);
  }

  private double rawCopy(Workload work) throws Exception {
    try (Prepared p = prepare(work)) {
      long start = System.nanoTime();
      p.db()
          .withConnection(
              c -> {
                for (int b = 0; b < work.batches.size(); b++) {
                  List<Sample> samples = work.batches.get(b).samples();
                  BinaryCopy copy = new BinaryCopy(samples.size(), 38);
                  for (int i = 0; i < samples.size(); i++) {
                    Sample s = samples.get(i);
                    copy.row(3)
                        .int8(p.ids()[b][i])
                        .timestampMillis(s.timestamp())
                        .float8(s.value());
                  }
                  copy.copy(c, "COPY samples (series_id, ts, value) FROM STDIN (FORMAT binary)");
                }
                return null;
              });
      return perSecond(work.rows, start);
    }
  }

  private double unnestInsert(Workload work) throws Exception {
    try (Prepared p = prepare(work)) {
      long start = System.nanoTime();
      p.db()
          .withConnection(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO samples (series_id, ts, value)"
                            + " SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::float8[])")) {
                  for (int b = 0; b < work.batches.size(); b++) {
                    List<Sample> samples = work.batches.get(b).samples();
                    Long[] ids = new Long[samples.size()];
                    Timestamp[] ts = new Timestamp[samples.size()];
                    Double[] values = new Double[samples.size()];
                    for (int i = 0; i < samples.size(); i++) {
                      ids[i] = p.ids()[b][i];
                      ts[i] = new Timestamp(samples.get(i).timestamp());
                      values[i] = samples.get(i).value();
                    }
                    ps.setArray(1, c.createArrayOf("bigint", ids));
                    ps.setArray(2, c.createArrayOf("timestamptz", ts));
                    ps.setArray(3, c.createArrayOf("float8", values));
                    ps.executeUpdate();
                  }
                }
                return null;
              });
      return perSecond(work.rows, start);
    }
  }

  /** The storage writer alone on this bench's workload, rows/s. */
  double writerAlone() throws Exception {
    return writerAlone(new Workload(rows, BATCH, "bench"));
  }

  private double writerAlone(Workload work) throws Exception {
    Path dir = Files.createTempDirectory("tidemark-bench-wal");
    try (Prepared p = prepare(work);
        WriteAheadLog wal = WriteAheadLog.open(dir, Clock.systemUTC())) {
      for (Batch b : work.batches) {
        wal.append(b);
      }
      try (StorageWriter writer =
          new StorageWriter(
              wal,
              p.storage().writer(),
              new ServerMetrics(),
              200_000,
              Duration.ofMinutes(10),
              dir.resolve("dead.jsonl"),
              Clock.systemUTC())) {
        long start = System.nanoTime();
        writer.start();
        if (!writer.awaitCaughtUp(Duration.ofMinutes(10))) {
          throw new IllegalStateException("the writer did not catch up");
        }
        return perSecond(work.rows, start);
      }
    }
  }

  private double endToEnd(Workload work) throws Exception {
    List<byte[]> bodies = work.encoded();
    try (Tidemark server = TestServer.start(databases.get(), Map.of())) {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/ingest");
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
                    int code = post(client, uri, bodies.get(i));
                    if (code != 204) {
                      throw new IllegalStateException("ingest answered " + code);
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
      return perSecond(work.rows, start);
    }
  }

  /** Open-loop requests at half the end-to-end rate: {p99 ingest ms, p99 health ms, req/s}. */
  private double[] latencyAtHalfRate(double e2eRowsPerSecond) throws Exception {
    int rowsPerRequest = 100;
    double perSecond = Math.max(10, e2eRowsPerSecond / 2 / rowsPerRequest);
    int requests = (int) Math.min(20_000, perSecond * 10);
    List<byte[]> bodies =
        new Workload(requests * rowsPerRequest, rowsPerRequest, "latency").encoded();
    try (Tidemark server = TestServer.start(databases.get(), Map.of())) {
      HttpClient client = HttpClient.newHttpClient();
      URI ingest = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/ingest");
      URI health = URI.create("http://127.0.0.1:" + server.port() + "/health");
      Histogram ingestUs =
          openLoop(client, perSecond, requests, i -> post(client, ingest, bodies.get(i)));
      Histogram healthUs = openLoop(client, perSecond, requests, i -> get(client, health));
      return new double[] {
        ingestUs.getValueAtPercentile(99) / 1000.0,
        healthUs.getValueAtPercentile(99) / 1000.0,
        perSecond
      };
    }
  }

  @FunctionalInterface
  private interface Call {
    int send(int i) throws Exception;
  }

  /**
   * Sends request i at start + i / rate and measures from that scheduled moment, so a slow answer
   * is not hidden by the requests it delayed (no coordinated omission).
   */
  private static Histogram openLoop(HttpClient client, double rate, int requests, Call call)
      throws Exception {
    Histogram us = new Histogram(3_600_000_000L, 3);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime() + 50_000_000L;
    List<Thread> senders = new ArrayList<>();
    for (int t = 0;
        t < 32;
        t++) { // enough senders that a slow answer never holds the schedule back
      Thread sender =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                  long due = start + (long) (i * 1e9 / rate);
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                  }
                  try {
                    call.send(i);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  synchronized (us) {
                    us.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                  }
                }
              });
      sender.start();
      senders.add(sender);
    }
    for (Thread s : senders) {
      s.join();
    }
    return us;
  }

  private static int post(HttpClient client, URI uri, byte[] body) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException("cannot post a batch: " + e, e);
    }
  }

  private static int get(HttpClient client, URI uri) throws Exception {
    return client
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static double perSecond(int rows, long startNanos) {
    return rows / ((System.nanoTime() - startNanos) / 1e9);
  }
}
