package dev.tidemark.bench.citus;

import dev.tidemark.bench.Table;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.query.TidemarkQuery;
import dev.tidemark.query.eval.Frame;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.plan.QueryContext;
import dev.tidemark.query.source.Tier;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.query.QueryStore;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plain-PostgreSQL layout on a Citus cluster with 2 workers against the same with 1 worker, in
 * the same process: storage-level ingest (binary COPY into the distributed {@code samples}, batch
 * ids and series times in the same transaction) of 10,000 series, and a DSL query over all 10,000
 * series from raw; and Citus with 1 worker against plain PostgreSQL (the embedded one). Everything
 * runs on this one machine, so the ratios show what distribution costs or saves here, not how Citus
 * scales over machines.
 */
public final class CitusBench {
  static final int SERIES = 10_000;
  private static final int HOSTS = 100;
  private static final int INTERVAL_SECONDS = 60;
  private static final int BATCH = 50_000;
  private static final String QUERY = "avg(bench_c) by (host) step 5m";
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final String oneWorker;
  private final String twoWorkers;
  private final int rows;

  /** Coordinator URLs of a 1-worker and a 2-worker cluster; {@code rows} samples per ingest run. */
  public CitusBench(String oneWorker, String twoWorkers, int rows) {
    this.oneWorker = oneWorker;
    this.twoWorkers = twoWorkers;
    this.rows = rows;
  }

  public void run(Table table) throws Exception {
    Result plain = measure("plain PostgreSQL 17 (embedded)", TestDatabase.freshPostgres(), false);
    Result one = measure("1 worker", schema(oneWorker), true);
    Result two = measure("2 workers", schema(twoWorkers), true);
    table.add(
        "Citus ingest of 10,000 series, 2 workers, samples/s",
        String.format(Locale.ROOT, "%,.0f", two.samplesPerSecond),
        String.format(Locale.ROOT, "1 worker %,.0f", one.samplesPerSecond),
        two.samplesPerSecond / one.samplesPerSecond,
        "none (one machine)");
    table.add(
        "Citus query over 10,000 series (" + QUERY + ", raw), 2 workers, ms",
        ms(two.querySeconds),
        "1 worker " + ms(one.querySeconds),
        one.querySeconds / two.querySeconds,
        "none (one machine)");
    table.add(
        "same ingest, Citus with 1 worker, samples/s",
        String.format(Locale.ROOT, "%,.0f", one.samplesPerSecond),
        String.format(Locale.ROOT, "plain PostgreSQL %,.0f", plain.samplesPerSecond),
        one.samplesPerSecond / plain.samplesPerSecond,
        "none");
    table.add(
        "same query, Citus with 1 worker, ms",
        ms(one.querySeconds),
        "plain PostgreSQL " + ms(plain.querySeconds),
        plain.querySeconds / one.querySeconds,
        "none");
  }

  private record Result(double samplesPerSecond, double querySeconds) {}

  private Result measure(String name, String url, boolean citus) throws Exception {
    System.out.println("\n# citus bench, " + name);
    TierPlan plan =
        TierPlan.parse(
            "raw:40d,1m:60d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));
    try (Database db =
            Database.connect(url, null, null, null, 4, 64, "auto", citus ? "on" : "off");
        Storage storage = Storage.open(db, plan, 100_000, Clock.systemUTC())) {
      if (db.flavor() != (citus ? Flavor.CITUS : Flavor.POSTGRES)) {
        throw new IllegalStateException("cannot run the Citus benchmark on " + db.flavor());
      }
      int points = Math.max(1, rows / SERIES);
      Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
      Instant from = to.minusSeconds((long) points * INTERVAL_SECONDS);
      Labels[] labels = new Labels[SERIES];
      for (int i = 0; i < SERIES; i++) {
        labels[i] = Labels.of("host", "h" + (i % HOSTS), "core", "c" + (i / HOSTS));
      }
      // the series and the day partitions first, so the timed part is the samples alone
      write(storage, labels, from.minusSeconds(INTERVAL_SECONDS), 1, new Random(1));
      long started = System.nanoTime();
      long written = write(storage, labels, from, points, new Random(2));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "  wrote %,d samples in %.1f s%n", written, seconds);
      db.withConnection(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("VACUUM (ANALYZE) samples");
            }
            return null;
          });
      QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
      List<Tier> rawOnly = store.tiers().stream().filter(t -> t.width().isZero()).toList();
      Limits limits = new Limits(100_000, 20_000, 50_000_000, Duration.ofMinutes(5), 500);
      QueryContext ctx = QueryContext.of(to, rawOnly).withRange(from, to).withLimits(limits);
      double query = best(() -> query(db, store, ctx, limits), 2, 7);
      return new Result(written / seconds, query);
    }
  }

  private static long write(Storage storage, Labels[] labels, Instant from, int points, Random r)
      throws Exception {
    List<Sample> batch = new ArrayList<>(BATCH);
    long written = 0;
    for (int p = 0; p < points; p++) {
      long t = from.plusSeconds((long) p * INTERVAL_SECONDS).toEpochMilli();
      for (Labels l : labels) {
        batch.add(new Sample("bench_c", l, t, 50 + r.nextGaussian()));
        if (batch.size() == BATCH) {
          written += flush(storage, batch);
          batch = new ArrayList<>(BATCH);
        }
      }
    }
    return written + flush(storage, batch);
  }

  private static int flush(Storage storage, List<Sample> batch) throws Exception {
    if (!batch.isEmpty()) {
      storage.writer().writeAll(List.of(new Batch(null, 0, batch, List.of())), -1);
    }
    return batch.size();
  }

  private static int query(Database db, QueryStore store, QueryContext ctx, Limits limits)
      throws Exception {
    List<Frame> frames =
        db.withConnection(
            c -> store.read(c, ctx.now(), limits, ds -> TidemarkQuery.run(QUERY, ctx, ds)));
    if (frames.size() != HOSTS) {
      throw new IllegalStateException(
          "cannot check the query: " + frames.size() + " frames, expected " + HOSTS);
    }
    return frames.size();
  }

  @FunctionalInterface
  private interface Run {
    int run() throws Exception;
  }

  private static double best(Run run, int warmUps, int runs) throws Exception {
    for (int i = 0; i < warmUps; i++) {
      run.run();
    }
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run();
      times[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(times);
    System.out.printf(
        Locale.ROOT,
        "  query: best %s / median %s ms of %d runs%n",
        ms(times[0]),
        ms(times[runs / 2]),
        runs);
    return times[0];
  }

  /** The coordinator URL with a new schema of its own as the search path. */
  private static String schema(String coordinator) throws Exception {
    String name = "bench_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = DriverManager.getConnection(coordinator);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    }
    return coordinator + (coordinator.indexOf('?') < 0 ? "?" : "&") + "currentSchema=" + name;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
