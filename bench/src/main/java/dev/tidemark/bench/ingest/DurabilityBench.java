package dev.tidemark.bench.ingest;

import dev.tidemark.bench.Table;
import dev.tidemark.protocol.Batch;
import dev.tidemark.server.db.EmbeddedDatabase;
import dev.tidemark.server.ingest.ContentId;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the server's durability costs, each against its absence in the same process: the storage
 * writer on the embedded default (fsync, synchronous_commit, full_page_writes on) against the same
 * embedded PostgreSQL with all three off; and the content id that stores a resent remote_write or
 * Influx request once (a SHA-256 of the body, one id row per request) against the time the server
 * spends per request end to end.
 */
public final class DurabilityBench {
  private static final int REQUEST_BYTES = 20_000; // a 1,000-sample remote_write body, compressed
  private static final int SAMPLES_PER_REQUEST = 1000;

  private final int rows;

  public DurabilityBench(int rows) {
    this.rows = rows;
  }

  public void run(Table table, double endToEndRowsPerSecond) throws Exception {
    // alternating, best of two each: on a shared two-core machine the order alone moves a run
    double durable = 0;
    double fast = 0;
    for (int round = 0; round < 2; round++) {
      durable = Math.max(durable, writer(EmbeddedDatabase.Durability.DURABLE));
      fast = Math.max(fast, writer(EmbeddedDatabase.Durability.FAST));
    }
    table.add(
        "storage writer, durable embedded default, rows/s",
        rate(durable),
        "fsync etc. off " + rate(fast),
        durable / fast,
        "cost shown");
    double micros = contentIdMicros();
    double requestMicros = SAMPLES_PER_REQUEST / endToEndRowsPerSecond * 1e6;
    table.add(
        "content id per 1,000-sample request (resend stored once), µs",
        String.format(Locale.ROOT, "%.1f", micros),
        String.format(Locale.ROOT, "end to end per request %.0f µs", requestMicros),
        micros / requestMicros,
        "≤ 0.05");
  }

  private double writer(EmbeddedDatabase.Durability durability) throws Exception {
    try (EmbeddedDatabase pg =
        EmbeddedDatabase.start(Files.createTempDirectory("tidemark-bench-pg"), durability)) {
      String url = pg.jdbcUrl("postgres") + "?user=postgres";
      return new IngestBench(() -> url, rows).writerAlone();
    }
  }

  /** The median of 2,000 digests of a request-sized body, after as many to warm up. */
  private static double contentIdMicros() {
    byte[] body = new byte[REQUEST_BYTES];
    new Random(3).nextBytes(body);
    Batch empty = new Batch(null, 0, List.of(), List.of());
    long[] nanos = new long[2000];
    long sink = 0;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < nanos.length; i++) {
        body[i % body.length]++;
        long start = System.nanoTime();
        sink += ContentId.identify(empty, "bench", body).batch();
        nanos[i] = System.nanoTime() - start;
      }
    }
    java.util.Arrays.sort(nanos);
    if (sink == 42) {
      System.out.println(); // keeps the digests from being optimised away
    }
    return nanos[nanos.length / 2] / 1000.0;
  }

  private static String rate(double rowsPerSecond) {
    return String.format(Locale.ROOT, "%.2f M", rowsPerSecond / 1e6);
  }
}
