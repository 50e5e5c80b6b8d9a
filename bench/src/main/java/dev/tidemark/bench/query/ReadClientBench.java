package dev.tidemark.bench.query;

import dev.tidemark.bench.Table;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.tier.TierPlan;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The read path's database client under dashboard load: {@value #CLIENTS} clients, each refreshing
 * the panels of {@link Dashboard} one query after another without pause, against the server's JDBC
 * read pool ({@link JdbcPointReads}, the baseline) and against vertx-pg-client ({@link
 * ReactivePointReads}) with as many connections, and once more with {@value #CLIENTS}/2 connections
 * (a reactive client needs no thread per connection, so it could afford more of them). Data:
 * {@value #SERIES} counters at a 10 s interval over the last {@value #HOURS} hours, rolled up into
 * the tiers. Both clients first answer every panel once and must agree to the last bit; then each
 * is warmed up and measured in turns (JDBC, reactive, wide reactive, {@value #TURNS} times over) so
 * both meet the same load from the rest of the machine. Latency is each query's, from its client's
 * request to the evaluated answer, on the Vert.x contexts the clients run on, as a server's
 * handlers would see it.
 */
public final class ReadClientBench {
  static final int SERIES = CounterData.SERIES;
  static final int JOBS = CounterData.JOBS;
  static final int HOURS = CounterData.HOURS;
  static final int CLIENTS = 64;
  static final int TURNS = 4;
  static final int CONNECTIONS = 8; // database.pool.size's default: the read pool's size
  private static final String METRIC = CounterData.METRIC;

  private final Supplier<String> databases;
  private final int seconds;

  /**
   * @param seconds how long each measured turn of each client lasts (a warm-up half as long)
   */
  public ReadClientBench(Supplier<String> databases, int seconds) {
    this.databases = databases;
    this.seconds = seconds;
  }

  /** One client's figures over its measured turns. */
  record Result(
      Histogram micros,
      Histogram raw,
      Histogram other,
      long queries,
      double seconds,
      long failures,
      long jvmNanos,
      long postgresNanos) {
    /** CPU milliseconds per query, of this JVM and of PostgreSQL. */
    double cpuMs() {
      return (jvmNanos + postgresNanos) / 1e6 / queries;
    }

    double perSecond() {
      return queries / seconds;
    }

    double p(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  public void run(Table table) throws Exception {
    String url = databases.get();
    TierPlan plan =
        TierPlan.parse(
            "raw:40d,1m:60d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));
    Vertx vertx = Vertx.vertx();
    try (Database db = Database.connect(url, null, null, CONNECTIONS, 64, "auto");
        Storage storage = Storage.open(db, plan, 100_000, Clock.systemUTC())) {
      long now = (System.currentTimeMillis() / 300_000) * 300_000;
      int[] jobOf = new int[SERIES];
      long[] ids = CounterData.load(storage, now, jobOf);
      CpuMeter cpu = db.withConnection(CpuMeter::of);
      List<Dashboard.Panel> panels =
          Dashboard.panels(METRIC, ids, jobOf, JOBS, now, db.flavor() == Flavor.POSTGRES);
      try (PointReads jdbc = new JdbcPointReads(db);
          PointReads reactive = new ReactivePointReads(vertx, url, CONNECTIONS);
          PointReads wide = new ReactivePointReads(vertx, url, CLIENTS / 2)) {
        for (Dashboard.Panel p : panels) {
          double a = once(vertx, jdbc, p);
          double b = once(vertx, reactive, p);
          if (Double.compare(a, b) != 0 || Double.compare(a, once(vertx, wide, p)) != 0) {
            throw new IllegalStateException(
                "cannot compare clients: answers differ [panel="
                    + p.name()
                    + ", "
                    + a
                    + " vs "
                    + b
                    + "]");
          }
        }
        System.out.println("  both clients give the same answers on every panel");
        drive(vertx, cpu, jdbc, panels, seconds / 2, false);
        drive(vertx, cpu, reactive, panels, seconds / 2, false);
        drive(vertx, cpu, wide, panels, seconds / 2, false);
        Result j = null;
        Result r = null;
        Result w = null;
        for (int turn = 0; turn < TURNS; turn++) {
          j = merge(j, drive(vertx, cpu, jdbc, panels, seconds, true));
          r = merge(r, drive(vertx, cpu, reactive, panels, seconds, true));
          w = merge(w, drive(vertx, cpu, wide, panels, seconds, true));
        }
        String store = db.flavor() == Flavor.POSTGRES ? "PostgreSQL" : "TimescaleDB";
        report(table, store, j, r);
        table.add(
            "  same with " + CLIENTS / 2 + " reactive connections, p50 / p99, ms",
            String.format(Locale.ROOT, "%.1f / %.1f", w.p(50), w.p(99)),
            String.format(Locale.ROOT, "JDBC %.1f / %.1f", j.p(50), j.p(99)),
            w.p(99) / j.p(99),
            String.format(
                Locale.ROOT, "%.1f queries/s, CPU %.1f ms/query", w.perSecond(), w.cpuMs()));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void report(Table table, String store, Result jdbc, Result reactive) {
    String load = store + ", " + CLIENTS + " clients, " + SERIES + " series";
    table.add(
        "dashboard mix, " + load + ", reactive p50 / p99, ms",
        String.format(Locale.ROOT, "%.1f / %.1f", reactive.p(50), reactive.p(99)),
        String.format(Locale.ROOT, "JDBC %.1f / %.1f", jdbc.p(50), jdbc.p(99)),
        reactive.p(99) / jdbc.p(99),
        "< 1 to switch (p99)");
    table.add(
        "dashboard mix, " + load + ", reactive queries/s",
        String.format(Locale.ROOT, "%.1f", reactive.perSecond()),
        String.format(Locale.ROOT, "JDBC %.1f", jdbc.perSecond()),
        reactive.perSecond() / jdbc.perSecond(),
        "> 1 to switch");
    table.add(
        "dashboard mix, " + store + ", reactive CPU per query (JVM + PostgreSQL), ms",
        String.format(Locale.ROOT, "%.1f", reactive.cpuMs()),
        String.format(Locale.ROOT, "JDBC %.1f", jdbc.cpuMs()),
        reactive.cpuMs() / jdbc.cpuMs(),
        "< 1 to switch");
    table.add(
        "  raw-point panels (PromQL rate), reactive p50, ms",
        String.format(Locale.ROOT, "%.1f", reactive.raw().getValueAtPercentile(50) / 1000.0),
        String.format(Locale.ROOT, "JDBC %.1f", jdbc.raw().getValueAtPercentile(50) / 1000.0),
        reactive.raw().getValueAtPercentile(50) / (double) jdbc.raw().getValueAtPercentile(50),
        "-");
    table.add(
        "  tier and series panels, reactive p50, ms",
        String.format(Locale.ROOT, "%.1f", reactive.other().getValueAtPercentile(50) / 1000.0),
        String.format(Locale.ROOT, "JDBC %.1f", jdbc.other().getValueAtPercentile(50) / 1000.0),
        reactive.other().getValueAtPercentile(50) / (double) jdbc.other().getValueAtPercentile(50),
        "-");
  }

  private static Result merge(Result a, Result b) {
    if (a == null) {
      return b;
    }
    a.micros().add(b.micros());
    a.raw().add(b.raw());
    a.other().add(b.other());
    return new Result(
        a.micros(),
        a.raw(),
        a.other(),
        a.queries() + b.queries(),
        a.seconds() + b.seconds(),
        a.failures() + b.failures(),
        a.jvmNanos() + b.jvmNanos(),
        a.postgresNanos() + b.postgresNanos());
  }

  private static double once(Vertx vertx, PointReads reads, Dashboard.Panel p) throws Exception {
    AtomicReference<io.vertx.core.Future<Double>> f = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    vertx
        .getOrCreateContext()
        .runOnContext(v -> f.set(p.run().apply(reads).onComplete(x -> done.countDown())));
    done.await(60, TimeUnit.SECONDS);
    if (f.get().failed()) {
      throw new IllegalStateException("cannot run panel " + p.name(), f.get().cause());
    }
    return f.get().result();
  }

  /**
   * Runs {@value #CLIENTS} clients for {@code seconds}; unless {@code measured}, a warm-up whose
   * figures are thrown away.
   */
  private static Result drive(
      Vertx vertx,
      CpuMeter cpu,
      PointReads reads,
      List<Dashboard.Panel> panels,
      int seconds,
      boolean measured)
      throws InterruptedException {
    Recorder recorder = new Recorder(3);
    Recorder raw = new Recorder(3);
    Recorder other = new Recorder(3);
    AtomicLong queries = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(CLIENTS);
    long jvm0 = cpu.jvm();
    long postgres0 = cpu.postgres();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    for (int k = 0; k < CLIENTS; k++) {
      Context context = vertx.getOrCreateContext();
      int client = k;
      context.runOnContext(
          v ->
              new Client(
                      reads,
                      panels,
                      client,
                      end,
                      recorder,
                      raw,
                      other,
                      queries,
                      failures,
                      firstFailure,
                      done)
                  .next());
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    Histogram h = recorder.getIntervalHistogram();
    Histogram hr = raw.getIntervalHistogram();
    Histogram ho = other.getIntervalHistogram();
    System.out.printf(
        Locale.ROOT,
        "  %s%s: %d queries in %.1f s (%.1f/s), p50 %.1f ms, p99 %.1f ms (raw panels p50 %.1f,"
            + " tier and series panels p50 %.1f), failures %d%n",
        measured ? "" : "warm-up ",
        reads.name(),
        queries.get(),
        elapsed,
        queries.get() / elapsed,
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        hr.getValueAtPercentile(50) / 1000.0,
        ho.getValueAtPercentile(50) / 1000.0,
        failures.get());
    if (firstFailure.get() != null) {
      System.out.println("  first failure: " + firstFailure.get());
    }
    long jvm = cpu.jvm() - jvm0;
    long postgres = cpu.postgres() - postgres0;
    System.out.printf(
        Locale.ROOT,
        "    CPU per query: JVM %.1f ms, PostgreSQL %.1f ms%n",
        jvm / 1e6 / Math.max(1, queries.get()),
        postgres / 1e6 / Math.max(1, queries.get()));
    return new Result(h, hr, ho, queries.get(), elapsed, failures.get(), jvm, postgres);
  }

  /** One dashboard client: the next panel as soon as the last one answered. */
  private record Client(
      PointReads reads,
      List<Dashboard.Panel> panels,
      int id,
      long end,
      Recorder recorder,
      Recorder raw,
      Recorder other,
      AtomicLong queries,
      AtomicLong failures,
      AtomicReference<Throwable> firstFailure,
      CountDownLatch done) {

    void next() {
      next(id); // clients start at different panels
    }

    private void next(int i) {
      if (System.nanoTime() >= end) {
        done.countDown();
        return;
      }
      long started = System.nanoTime();
      Dashboard.Panel panel = panels.get(i % panels.size());
      panel
          .run()
          .apply(reads)
          .onComplete(
              ar -> {
                if (ar.succeeded()) {
                  long micros = (System.nanoTime() - started) / 1000;
                  recorder.recordValue(micros);
                  (panel.raw() ? raw : other).recordValue(micros);
                  queries.incrementAndGet();
                } else {
                  failures.incrementAndGet();
                  firstFailure.compareAndSet(null, ar.cause());
                }
                next(i + 1);
              });
    }
  }
}
