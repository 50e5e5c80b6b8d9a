package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Migrator;
import dev.tidemark.server.storage.tier.Tier;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What storage must do on every flavor. Subclasses name the database; the assertions are the same
 * for plain PostgreSQL and TimescaleDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageContract {
  static final TierPlan PLAN =
      TierPlan.parse(
          "raw:14d,1m:30d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));

  /** A whole UTC day three days back: inside raw retention, outside every refresh window. */
  static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);

  Database database;
  Storage storage;
  private final List<Database> extra = new ArrayList<>();

  abstract String jdbcUrl();

  @BeforeAll
  void open() throws SQLException {
    database = connect(jdbcUrl());
    storage = Storage.open(database, PLAN, 10_000, Clock.systemUTC());
  }

  @AfterAll
  void close() {
    storage.close();
    database.close();
    extra.forEach(Database::close);
  }

  Database connect(String url) {
    return Database.connect(url, null, null, 4, 16, "auto");
  }

  @Test
  void roundTripsSamplesAndHistograms() throws Exception {
    long t = DAY.plusSeconds(3600).toEpochMilli();
    Histogram h = new Histogram(3);
    h.recordValue(250);
    h.recordValue(750);
    Batch batch =
        new Batch(
            "rt",
            1,
            List.of(
                new Sample("rt_cpu", Labels.of("host", "h1", "release", "v1"), t, 1.5),
                new Sample("rt_cpu", Labels.of("host", "h1", "release", "v1"), t + 1000, 2.5)),
            List.of(new HistogramSample("rt_latency", Labels.of("op", "get"), t, "us", h)));
    assertThat(storage.writer().write(batch)).isEqualTo(SampleWriter.Outcome.STORED);

    var series =
        database.withConnection(
            c -> storage.reader().series(c, "rt_cpu", Map.of("host", "h1"), 10));
    assertThat(series).hasSize(1);
    assertThat(series.get(0).labels()).isEqualTo("{\"host\": \"h1\", \"release\": \"v1\"}");
    var points =
        database.withConnection(
            c ->
                storage
                    .reader()
                    .points(
                        c,
                        series.get(0).id(),
                        PLAN.raw(),
                        Instant.ofEpochMilli(t),
                        Instant.ofEpochMilli(t + 2000),
                        10));
    assertThat(points).extracting(SeriesReader.Point::last).containsExactly(1.5, 2.5);

    var latency =
        database.withConnection(c -> storage.reader().series(c, "rt_latency", Map.of(), 10));
    assertThat(latency.get(0).unit()).isEqualTo("us");
    var summary =
        database.withConnection(
            c ->
                storage
                    .reader()
                    .histogram(
                        c,
                        latency.get(0).id(),
                        PLAN.raw(),
                        Instant.ofEpochMilli(t),
                        Instant.ofEpochMilli(t + 1),
                        List.of(0.5, 1.0)));
    assertThat(summary.count()).isEqualTo(2);
    assertThat(summary.min()).isEqualTo(250);
    assertThat(summary.max()).isCloseTo(750, within(1.0));
    assertThat(summary.quantiles().get(0.5)).isCloseTo(250, within(250 * 0.01));
    assertThat(summary.quantiles().get(1.0)).isCloseTo(750, within(750 * 0.01));
  }

  @Test
  void storesABatchSentTwiceOnce() throws Exception {
    long t = DAY.plusSeconds(7200).toEpochMilli();
    Batch batch =
        new Batch("idem", 9, List.of(new Sample("idem_m", Labels.empty(), t, 1)), List.of());
    assertThat(storage.writer().write(batch)).isEqualTo(SampleWriter.Outcome.STORED);
    assertThat(storage.writer().write(batch)).isEqualTo(SampleWriter.Outcome.DUPLICATE);
    // another batch id repeating the same sample is stored, but the sample is kept once
    Batch other = new Batch("idem", 10, batch.samples(), List.of());
    assertThat(storage.writer().write(other)).isEqualTo(SampleWriter.Outcome.STORED);
    assertThat(rawCount(seriesId("idem_m", Labels.empty()))).isEqualTo(1);
  }

  @Test
  void storesAResentSampleOnceAndKeepsTheFirstValue() throws Exception {
    long t = DAY.plusSeconds(9000).toEpochMilli();
    Labels labels = Labels.of("host", "resend");
    Histogram h = new Histogram(3);
    h.recordValue(100);
    storage
        .writer()
        .write(
            new Batch(
                null,
                0,
                List.of(
                    new Sample("resend_m", labels, t, 1),
                    new Sample("resend_m", labels, t + 1000, 2)),
                List.of(new HistogramSample("resend_h", labels, t, "us", h))));
    // a retry without a batch id, overlapping the first request and repeating a point within itself
    h.recordValue(900);
    storage
        .writer()
        .write(
            new Batch(
                null,
                0,
                List.of(
                    new Sample("resend_m", labels, t, 5),
                    new Sample("resend_m", labels, t + 2000, 3),
                    new Sample("resend_m", labels, t + 2000, 4)),
                List.of(new HistogramSample("resend_h", labels, t, "us", h))));
    long id = seriesId("resend_m", labels);
    var points =
        database.withConnection(
            c ->
                storage
                    .reader()
                    .points(
                        c,
                        id,
                        PLAN.raw(),
                        Instant.ofEpochMilli(t),
                        Instant.ofEpochMilli(t + 3000),
                        10));
    assertThat(points).extracting(SeriesReader.Point::last).containsExactly(1.0, 2.0, 3.0);
    long hid = seriesId("resend_h", labels);
    var summary =
        database.withConnection(
            c ->
                storage
                    .reader()
                    .histogram(
                        c,
                        hid,
                        PLAN.raw(),
                        Instant.ofEpochMilli(t),
                        Instant.ofEpochMilli(t + 1),
                        List.of(0.5)));
    assertThat(summary.count()).isEqualTo(1);
  }

  @Test
  void concurrentCreatorsOfTheSameSeriesGetOneId() throws Exception {
    List<SeriesKey> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(new SeriesKey("race_m", Labels.of("i", String.valueOf(i))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        List<SeriesKey> order = new ArrayList<>(keys);
        java.util.Collections.shuffle(order, new Random(w));
        SeriesRegistry registry = new SeriesRegistry(1000); // each its own cache: all misses
        Callable<long[]> task =
            () -> {
              long[] ids = database.withConnection(c -> registry.resolve(c, order, Map.of()));
              TreeMap<String, Long> byKey = new TreeMap<>();
              for (int i = 0; i < order.size(); i++) {
                byKey.put(order.get(i).labels().get("i"), ids[i]);
              }
              return byKey.values().stream().mapToLong(Long::longValue).toArray();
            };
        results.add(pool.submit(task));
      }
      long[] first = results.get(0).get();
      for (Future<long[]> r : results) {
        assertThat(r.get()).containsExactly(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("SELECT count(*) FROM series WHERE metric = 'race_m'")).isEqualTo(500);
  }

  @Test
  void everyTierAgreesWithRawData() throws Exception {
    Random random = new Random(3);
    List<Sample> samples = new ArrayList<>();
    Instant start = DAY.plus(10, ChronoUnit.HOURS);
    for (int s = 0; s < 3; s++) {
      for (long t = 0; t < 2 * 3600_000L; t += 7_000 + random.nextInt(5_000)) {
        samples.add(
            new Sample(
                "tier_m",
                Labels.of("s", "" + s),
                start.toEpochMilli() + t,
                random.nextGaussian() * 10 + 50));
      }
    }
    storage.writer().write(new Batch("tiers", 1, samples, List.of()));
    refreshDay();

    for (Tier tier : PLAN.rollups()) {
      for (int s = 0; s < 3; s++) {
        int series = s;
        List<Sample> mine =
            samples.stream().filter(x -> x.labels().get("s").equals("" + series)).toList();
        long id = seriesId("tier_m", Labels.of("s", "" + s));
        List<SeriesReader.Point> points =
            database.withConnection(
                c ->
                    storage
                        .reader()
                        .points(c, id, tier, DAY, DAY.plus(1, ChronoUnit.DAYS), 100_000));
        TreeMap<Long, List<Sample>> expected = new TreeMap<>();
        long w = tier.width().toMillis();
        mine.forEach(
            x ->
                expected
                    .computeIfAbsent(Math.floorDiv(x.timestamp(), w) * w, k -> new ArrayList<>())
                    .add(x));
        assertThat(points).as("buckets of tier %s", tier.name()).hasSize(expected.size());
        int i = 0;
        for (Map.Entry<Long, List<Sample>> e : expected.entrySet()) {
          SeriesReader.Point p = points.get(i++);
          List<Sample> in = e.getValue();
          assertThat(p.time().toEpochMilli()).isEqualTo(e.getKey());
          assertThat(p.count()).isEqualTo(in.size());
          assertThat(p.min()).isEqualTo(in.stream().mapToDouble(Sample::value).min().orElseThrow());
          assertThat(p.max()).isEqualTo(in.stream().mapToDouble(Sample::value).max().orElseThrow());
          assertThat(p.sum()).isCloseTo(in.stream().mapToDouble(Sample::value).sum(), within(1e-6));
          assertThat(p.last()).isEqualTo(in.get(in.size() - 1).value());
        }
      }
    }
  }

  @Test
  void percentilesFromEveryTierMatchRawHistogramsWithinOnePercent() throws Exception {
    Random random = new Random(11);
    Histogram truth = new Histogram(3);
    List<HistogramSample> histograms = new ArrayList<>();
    Instant hour = DAY.plus(14, ChronoUnit.HOURS);
    for (int m = 0; m < 60; m++) {
      Histogram h = new Histogram(3);
      for (int i = 0; i < 2000; i++) {
        long v = (long) Math.exp(7 + random.nextGaussian() * (m % 7 == 0 ? 1.2 : 0.6));
        h.recordValue(Math.max(1, v));
      }
      truth.add(h);
      histograms.add(
          new HistogramSample(
              "pct_latency",
              Labels.of("op", "q"),
              hour.plusSeconds(60L * m + 30).toEpochMilli(),
              "us",
              h));
    }
    storage.writer().write(new Batch("pct", 1, List.of(), histograms));
    refreshDay();
    long id = seriesId("pct_latency", Labels.of("op", "q"));
    List<Double> qs = List.of(0.5, 0.9, 0.95, 0.99, 0.999);
    for (Tier tier : PLAN.tiers()) {
      Instant from = tier.width().compareTo(Duration.ofHours(1)) > 0 ? DAY : hour;
      Instant to =
          tier.width().compareTo(Duration.ofHours(1)) > 0
              ? DAY.plus(1, ChronoUnit.DAYS)
              : hour.plus(1, ChronoUnit.HOURS);
      var summary =
          database.withConnection(c -> storage.reader().histogram(c, id, tier, from, to, qs));
      assertThat(summary.count()).as("count at %s", tier.name()).isEqualTo(truth.getTotalCount());
      assertThat(summary.max()).isEqualTo(truth.getMaxValue());
      for (double q : qs) {
        double expected = truth.getValueAtPercentile(q * 100);
        assertThat(summary.quantiles().get(q))
            .as("p%s at tier %s", q * 100, tier.name())
            .isCloseTo(expected, within(expected * 0.01));
      }
    }
  }

  @Test
  void retentionDropsOldRawDataAndKeepsRollups() throws Exception {
    if (database.flavor() == dev.tidemark.server.db.Flavor.TIMESCALEDB) {
      // TimescaleDB's own retention job may run at any moment and drop the 20-day-old rows before
      // they are rolled up; the test applies retention itself, when it is ready
      database.withConnection(
          c -> {
            try (var s = c.createStatement()) {
              s.execute(
                  "SELECT alter_job(job_id, scheduled => false)"
                      + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'");
            }
            return null;
          });
    }
    Instant old = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(20, ChronoUnit.DAYS);
    List<Sample> samples = new ArrayList<>();
    for (int m = 0; m < 120; m++) {
      samples.add(
          new Sample("ret_m", Labels.empty(), old.plusSeconds(36_000 + 60L * m).toEpochMilli(), m));
    }
    storage.writer().write(new Batch("ret", 1, samples, List.of()));
    database.withConnection(
        c -> {
          storage.tiers().refresh(c, PLAN, old, old.plus(1, ChronoUnit.DAYS));
          return null;
        });
    long id = seriesId("ret_m", Labels.empty());
    assertThat(rawCount(id)).isEqualTo(120);

    database.withConnection(
        c -> {
          storage.tiers().applyRetention(c, PLAN, Instant.now());
          return null;
        });

    assertThat(rawCount(id)).isZero();
    Tier hour = PLAN.tier("1h").orElseThrow();
    var rolled =
        database.withConnection(
            c -> storage.reader().points(c, id, hour, old, old.plus(1, ChronoUnit.DAYS), 100));
    assertThat(rolled).extracting(SeriesReader.Point::count).containsExactly(60L, 60L);
    assertThat(rolled.get(1).sum()).isEqualTo(java.util.stream.IntStream.range(60, 120).sum());
  }

  @Test
  void lateSamplesReachTheTiersAtTheNextMaintenancePass() throws Exception {
    Instant at = DAY.plus(5, ChronoUnit.HOURS).plusSeconds(90);
    storage
        .writer()
        .write(
            new Batch(
                "late",
                1,
                List.of(new Sample("late_m", Labels.empty(), at.toEpochMilli(), 7)),
                List.of()));
    long id = seriesId("late_m", Labels.empty());
    Tier hour = PLAN.tier("1h").orElseThrow();
    Instant from = DAY;
    Instant to = DAY.plus(1, ChronoUnit.DAYS);
    List<SeriesReader.Point> before =
        database.withConnection(c -> storage.reader().points(c, id, hour, from, to, 10));
    assertThat(before).as("outside every refresh window").isEmpty();
    assertThat(count("SELECT count(*) FROM late_hours")).isPositive();

    storage.maintain();

    var rolled = database.withConnection(c -> storage.reader().points(c, id, hour, from, to, 10));
    assertThat(rolled).extracting(SeriesReader.Point::sum).containsExactly(7.0);
    var daily =
        database.withConnection(
            c -> storage.reader().points(c, id, PLAN.tier("1d").orElseThrow(), from, to, 10));
    assertThat(daily).extracting(SeriesReader.Point::count).containsExactly(1L);
    assertThat(count("SELECT count(*) FROM late_hours")).isZero();
  }

  @Test
  void maintenanceForgetsOldBatchIdsAndStaleMarkers() throws Exception {
    for (String agent : List.of("gone", "kept")) {
      storage.writer().write(new Batch(agent, 1, List.of(), List.of()));
    }
    long now = System.currentTimeMillis();
    storage
        .writer()
        .write(
            new Batch(
                null,
                0,
                List.of(
                    Sample.staleMarker("ended", Labels.empty(), now - 15 * 86_400_000L),
                    Sample.staleMarker("ended", Labels.empty(), now - 60_000)),
                List.of()));
    database.withConnection(
        c -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate(
                "UPDATE ingest_batches SET stored_at = now() - interval '20 days'"
                    + " WHERE agent = 'gone'");
          }
        });
    assertThat(count("SELECT count(*) FROM stale_markers")).isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM samples s JOIN series r ON r.id = s.series_id"
                    + " WHERE r.metric = 'ended'"))
        .as("markers are not values")
        .isZero();

    storage.maintain();

    assertThat(count("SELECT count(*) FROM ingest_batches WHERE agent = 'gone'")).isZero();
    assertThat(count("SELECT count(*) FROM ingest_batches WHERE agent = 'kept'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM stale_markers")).as("the 14d raw tier").isEqualTo(1);
  }

  @Test
  void migrationsAreSafeToRunAgainAndConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(
            pool.submit(
                () -> {
                  Database db = connect(jdbcUrl());
                  synchronized (extra) {
                    extra.add(db);
                  }
                  Storage.open(db, PLAN, 10, Clock.systemUTC()).close();
                  return db.withConnection(Migrator::currentVersion);
                }));
      }
      for (Future<Integer> r : runs) {
        assertThat(r.get()).isEqualTo(Migrator.latestVersion());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(storage.ready()).isTrue();
  }

  void refreshDay() throws SQLException {
    database.withConnection(
        c -> {
          storage.tiers().refresh(c, PLAN, DAY, DAY.plus(1, ChronoUnit.DAYS));
          return null;
        });
  }

  long seriesId(String metric, Labels labels) throws SQLException {
    return database.withConnection(
        c -> storage.registry().resolve(c, List.of(new SeriesKey(metric, labels)), Map.of())[0]);
  }

  /** Raw samples of a series: rows, and points packed in blocks (plain PostgreSQL, older days). */
  long rawCount(long id) throws SQLException {
    return count(
        "SELECT (SELECT count(*) FROM samples WHERE series_id = "
            + id
            + ") + (SELECT coalesce(sum(count), 0) FROM sample_blocks WHERE series_id = "
            + id
            + ")");
  }

  long count(String sql) throws SQLException {
    return database.withConnection(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }
}
