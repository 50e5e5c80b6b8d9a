package dev.tidemark.bench.query;

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
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.query.QueryStore;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The query path on 30 days of samples of 20 hosts every 10 seconds (the agent's default collection
 * interval, {@code agent.collect.interval}; 360 raw points per series and hour): the DSL against
 * hand-written SQL returning the same hourly averages (goal ≤ 1.2×), and the same DSL query read
 * from the 1h tier against read from raw data (goal ≥ 20× faster).
 *
 * <p>Measured as a server that has run for a while would answer: after loading, the tables are
 * vacuumed and analysed (what autovacuum does on its own some time after a bulk load; measuring
 * before it has, the first query pays for setting hint bits and plans without statistics), and each
 * query runs {@value #WARMUP_RUNS} times, or for {@value #WARMUP_SECONDS} s, before it is timed, so
 * the JIT has compiled the query path. DSL and hand-written SQL then alternate, run for run, so
 * both meet the same load from whatever else the machine is doing; each figure is the best of
 * {@value #RUNS} runs.
 */
public final class QueryBench {
  private static final int HOSTS = 20;
  private static final int DAYS = 30;
  private static final int INTERVAL_SECONDS = 10;
  private static final String QUERY = "avg(bench_q) by (host) step 1h";
  private static final int WARMUP_RUNS = 300;
  private static final int WARMUP_SECONDS = 10;
  private static final int RUNS = 15;

  /** Where read values go, so that reading them is not optimised away. */
  private static volatile double sink;

  private final Supplier<String> databases;

  public QueryBench(Supplier<String> databases) {
    this.databases = databases;
  }

  public void run(Table table) throws Exception {
    TierPlan plan =
        TierPlan.parse(
            "raw:40d,1m:60d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));
    try (Database db = Database.connect(databases.get(), null, null, 4, 64, "auto");
        Storage storage = Storage.open(db, plan, 100_000, Clock.systemUTC())) {
      Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
      Instant from = to.minus(DAYS, ChronoUnit.DAYS);
      load(storage, from, to);
      QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
      List<Tier> all = store.tiers();
      List<Tier> rawOnly = all.stream().filter(t -> t.width().isZero()).toList();
      QueryContext tiered = QueryContext.of(to, all).withRange(from, to);
      QueryContext raw = QueryContext.of(to, rawOnly).withRange(from, to);
      Limits limits = new Limits(100_000, 10_000, 50_000_000, Duration.ofMinutes(5), 500);

      Run tier = () -> dsl(db, store, tiered.withLimits(limits), limits);
      Run sql = () -> handWritten(db, from, to);
      Run rawRun = () -> dsl(db, store, raw.withLimits(limits), limits);
      warmUp(tier);
      warmUp(sql);
      double[] best = alternating(tier, sql);
      double dsl = best[0];
      double hand = best[1];
      double rawTime = best(rawRun, 2, 5);
      table.add(
          "DSL hourly averages of 20 series over 30 days, ms",
          ms(dsl),
          "hand-written SQL " + ms(hand),
          dsl / hand,
          "≤ 1.2");
      table.add(
          "30-day hourly trend from the 1h tier, ms",
          ms(dsl),
          "same query over raw " + ms(rawTime),
          rawTime / dsl,
          "≥ 20 (raw ÷ tier)");
    }
  }

  private static void load(Storage storage, Instant from, Instant to) throws Exception {
    long started = System.nanoTime();
    Random random = new Random(2);
    Labels[] hosts = new Labels[HOSTS];
    for (int h = 0; h < HOSTS; h++) {
      hosts[h] = Labels.of("host", "h" + h);
    }
    List<Sample> current = new ArrayList<>();
    long id = 0;
    long rows = 0;
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(INTERVAL_SECONDS)) {
      for (int h = 0; h < HOSTS; h++) {
        current.add(new Sample("bench_q", hosts[h], t.toEpochMilli(), 50 + random.nextGaussian()));
      }
      if (current.size() >= 50_000) {
        rows += current.size();
        storage.writer().writeAll(List.of(new Batch(null, id++, current, List.of())), -1);
        current = new ArrayList<>();
      }
    }
    rows += current.size();
    storage.writer().writeAll(List.of(new Batch(null, id, current, List.of())), -1);
    storage
        .database()
        .withConnection(
            c -> {
              storage.tiers().refresh(c, storage.plan(), from, to);
              try (Statement s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE)");
              }
              return null;
            });
    System.out.printf(
        Locale.ROOT,
        "  loaded %,d raw samples (%d per series and hour), rolled up and vacuumed in %.0f s%n",
        rows,
        3600 / INTERVAL_SECONDS,
        (System.nanoTime() - started) / 1e9);
  }

  private static int dsl(Database db, QueryStore store, QueryContext ctx, Limits limits)
      throws Exception {
    List<Frame> frames =
        db.withConnection(
            c -> store.read(c, ctx.now(), limits, ds -> TidemarkQuery.run(QUERY, ctx, ds)));
    return frames.size();
  }

  /**
   * The same answer, written by hand against the 1h tier, read into the application as the DSL's.
   */
  private static int handWritten(Database db, Instant from, Instant to) throws Exception {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT s.labels ->> 'host', t.bucket, sum(t.sum_value) / sum(t.count)"
                      + " FROM samples_1h t JOIN series s ON s.id = t.series_id"
                      + " WHERE s.metric = 'bench_q' AND t.bucket >= ? AND t.bucket < ?"
                      + " GROUP BY 1, 2 ORDER BY 1, 2")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            int rows = 0;
            double sum = 0;
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows++;
                sum += rs.getString(1).length() + rs.getTimestamp(2).getTime() + rs.getDouble(3);
              }
            }
            sink = sum;
            return rows;
          }
        });
  }

  @FunctionalInterface
  private interface Run {
    int run() throws Exception;
  }

  /** Best of {@code runs} runs after {@code warmUps}, in seconds (for the slow raw reads). */
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
        "  %d runs over raw: best %s / median %s ms%n",
        runs,
        ms(times[0]),
        ms(times[runs / 2]));
    return times[0];
  }

  /** Runs {@value #WARMUP_RUNS} times or for {@value #WARMUP_SECONDS} s, whichever is first. */
  private static void warmUp(Run run) throws Exception {
    long end = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
    for (int i = 0; i < WARMUP_RUNS && System.nanoTime() < end; i++) {
      run.run();
    }
  }

  /** Best of {@value #RUNS} runs of each, in seconds, the two taking turns. */
  private static double[] alternating(Run a, Run b) throws Exception {
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    double[][] all = new double[2][RUNS];
    Run[] runs = {a, b};
    for (int i = 0; i < RUNS; i++) {
      for (int k = 0; k < 2; k++) {
        long start = System.nanoTime();
        runs[k].run();
        all[k][i] = (System.nanoTime() - start) / 1e9;
        best[k] = Math.min(best[k], all[k][i]);
      }
    }
    for (double[] times : all) {
      Arrays.sort(times);
    }
    System.out.printf(
        Locale.ROOT,
        "  %d runs each, taking turns: DSL best %s / median %s ms, hand-written SQL best %s /"
            + " median %s ms%n",
        RUNS,
        ms(all[0][0]),
        ms(all[0][RUNS / 2]),
        ms(all[1][0]),
        ms(all[1][RUNS / 2]));
    return best;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
