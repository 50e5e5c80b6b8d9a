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
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The query path on 30 days of one-minute samples of 20 hosts: the DSL against hand-written SQL
 * returning the same hourly averages (goal ≤ 1.2×), and the same DSL query read from the 1h tier
 * against read from raw data (goal ≥ 20× faster).
 */
public final class QueryBench {
  private static final int HOSTS = 20;
  private static final int DAYS = 30;
  private static final String QUERY = "avg(bench_q) by (host) step 1h";

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

      double dsl = best(() -> dsl(db, store, tiered.withLimits(limits), limits));
      double sql = best(() -> handWritten(db, from, to));
      double rawTime = best(() -> dsl(db, store, raw.withLimits(limits), limits));
      table.add(
          "DSL hourly averages of 20 series over 30 days, ms",
          ms(dsl),
          "hand-written SQL " + ms(sql),
          dsl / sql,
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
    Random random = new Random(2);
    List<Batch> batches = new ArrayList<>();
    List<Sample> current = new ArrayList<>();
    long id = 0;
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
      for (int h = 0; h < HOSTS; h++) {
        current.add(
            new Sample(
                "bench_q",
                Labels.of("host", "h" + h),
                t.toEpochMilli(),
                50 + random.nextGaussian()));
      }
      if (current.size() >= 50_000) {
        batches.add(new Batch(null, id++, current, List.of()));
        current = new ArrayList<>();
      }
    }
    batches.add(new Batch(null, id, current, List.of()));
    for (Batch b : batches) {
      storage.writer().writeAll(List.of(b), -1);
    }
    storage
        .database()
        .withConnection(
            c -> {
              storage.tiers().refresh(c, storage.plan(), from, to);
              return null;
            });
  }

  private static int dsl(Database db, QueryStore store, QueryContext ctx, Limits limits)
      throws Exception {
    List<Frame> frames =
        db.withConnection(
            c -> store.read(c, ctx.now(), limits, ds -> TidemarkQuery.run(QUERY, ctx, ds)));
    return frames.size();
  }

  /** The same answer, written by hand against the 1h tier. */
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
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rows++;
              }
            }
            return rows;
          }
        });
  }

  @FunctionalInterface
  private interface Run {
    int run() throws Exception;
  }

  /** Best of five after one warm-up, in seconds. */
  private static double best(Run run) throws Exception {
    run.run();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      run.run();
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static String ms(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds * 1000);
  }
}
