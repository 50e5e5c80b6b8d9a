package dev.tidemark.server.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.plan.FetchMatrix;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesDiff;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import dev.tidemark.query.time.Step;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.head.HeadSettings;
import dev.tidemark.server.storage.tier.TierPlan;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SQL data source answers every fetch the planner can send exactly like query-dsl's in-memory
 * oracle on the same data, on raw and on each tier the planner picks. Subclasses name the database;
 * the assertions are the same for plain PostgreSQL and TimescaleDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlDataSourceContract {
  /** Long raw retention: TimescaleDB's own retention jobs must not drop the October data. */
  static final TierPlan PLAN =
      TierPlan.parse(
          "raw:400d,1m:500d,5m:2y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));

  static final Instant FROM = Instant.parse("2026-10-22T05:17:00Z");
  static final Instant TO = Instant.parse("2026-10-27T19:43:00Z");

  /** Close enough to the data that the newest buckets of the coarse tiers come from raw. */
  static final Instant NOW = Instant.parse("2026-10-28T02:00:00Z");

  static final List<Step> FIXED =
      List.of(
          Step.fixed(Duration.ofMinutes(1)),
          Step.fixed(Duration.ofMinutes(5)),
          Step.fixed(Duration.ofSeconds(90)),
          Step.fixed(Duration.ofHours(1)));
  static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("Asia/Kolkata"),
          ZoneId.of("+05:30"));

  /** The whole matrix runs as one "query": give it time. */
  static final Limits LIMITS = new Limits(11_000, 1_000, 5_000_000L, Duration.ofMinutes(10), 500);

  Database database;
  Storage storage;
  QueryData data;

  abstract String jdbcUrl();

  /**
   * The head of recent samples to open before the data is written, or none (every raw read from
   * SQL). A head answers with the storage clock at {@link #NOW}, so the whole data set is recent.
   */
  HeadSettings head() {
    return HeadSettings.off();
  }

  @BeforeAll
  void load() throws SQLException {
    database = Database.connect(jdbcUrl(), null, null, 2, 16, "auto");
    HeadSettings head = head();
    storage =
        Storage.open(
            database,
            PLAN,
            10_000,
            head.enabled() ? Clock.fixed(NOW, ZoneId.of("UTC")) : Clock.systemUTC());
    if (head.enabled()) {
      storage.startHead(head);
    }
    data = new QueryData();
    storage.writer().writeAll(data.batches, -1);
    database.withConnection(
        c -> {
          storage
              .tiers()
              .refresh(
                  c,
                  PLAN,
                  QueryData.START.minus(Duration.ofDays(7)),
                  QueryData.END.plus(Duration.ofDays(7)));
          return null;
        });
  }

  @AfterAll
  void close() {
    if (storage != null) {
      storage.close();
      database.close();
    }
  }

  @Test
  void gaugesMatchTheOracle() throws SQLException {
    check(
        "cpu_load",
        MetricKind.GAUGE,
        List.of(),
        List.of(
            Grouping.perSeries(),
            Grouping.by(List.of("host")),
            Grouping.by(List.of("release", "dc"))));
  }

  @Test
  void regexAndNegativeMatchersSelectLikeTheOracle() throws SQLException {
    check(
        "cpu_load",
        MetricKind.GAUGE,
        List.of(
            LabelMatcher.of("host", MatchOp.RE, "h[12]|"), LabelMatcher.of("dc", MatchOp.NE, "c")),
        List.of(Grouping.perSeries()));
  }

  @Test
  void countersWithResetsMatchTheOracle() throws SQLException {
    check(
        "requests_total",
        MetricKind.COUNTER,
        List.of(),
        List.of(Grouping.perSeries(), Grouping.all(), Grouping.by(List.of("code"))));
  }

  @Test
  void histogramsMatchTheOracle() throws SQLException {
    check(
        "latency",
        MetricKind.HISTOGRAM,
        List.of(),
        List.of(Grouping.perSeries(), Grouping.all(), Grouping.by(List.of("release"))));
  }

  @Test
  void kindsComeFromTheCatalogue() throws SQLException {
    QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
    database.withConnection(
        c ->
            store.read(
                c,
                NOW,
                LIMITS,
                ds -> {
                  for (String m : List.of("cpu_load", "requests_total", "latency", "nothing")) {
                    assertThat(ds.kind(m)).as(m).isEqualTo(data.memory.kind(m));
                  }
                  return null;
                }));
  }

  @Test
  void bucketsTheTierMayNotHoldYetComeFromRaw() throws SQLException {
    // two hours of data up to "now", rolled up only as far as the tiers are allowed to lag
    Instant now = Instant.parse("2026-10-29T12:00:00Z");
    dev.tidemark.query.source.memory.InMemoryDataSource memory =
        dev.tidemark.query.source.memory.InMemoryDataSource.create();
    List<dev.tidemark.protocol.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instant t = now.minus(Duration.ofHours(2)).plusSeconds(60L * i + 7);
      samples.add(
          new dev.tidemark.protocol.Sample(
              "fresh_load", dev.tidemark.protocol.Labels.of("host", "f"), t.toEpochMilli(), i));
      memory.add("fresh_load", Map.of("host", "f"), t, i);
    }
    storage
        .writer()
        .writeAll(List.of(new dev.tidemark.protocol.Batch(null, 0, samples, List.of())), -1);
    database.withConnection(
        c -> {
          // each tier rolled up only as far as it may lag: the 5m tier (and the coarser ones, which
          // it feeds) to its lag, the 1m tier further, to its own shorter lag; reads of the 5m
          // tier take the newest buckets from the 1m tier and the last minutes from raw
          Duration lag = QueryTiers.lag(PLAN, "5m", database.flavor(), Duration.ofMinutes(1));
          Duration lag1m = QueryTiers.lag(PLAN, "1m", database.flavor(), Duration.ofMinutes(1));
          // three days back: TimescaleDB refuses a window without one whole bucket of each tier
          storage.tiers().refresh(c, PLAN, now.minus(Duration.ofDays(3)), now.minus(lag));
          TierPlan only1m =
              TierPlan.parse("raw:400d,1m:500d", Duration.ofHours(1), Duration.ofDays(2));
          storage.tiers().refresh(c, only1m, now.minus(Duration.ofDays(3)), now.minus(lag1m));
          return null;
        });
    List<SeriesFetch> fetches =
        FetchMatrix.of(
            "fresh_load",
            MetricKind.GAUGE,
            List.of(),
            now.minus(Duration.ofHours(2)),
            now,
            now,
            QueryTiers.of(PLAN),
            List.of(Step.fixed(Duration.ofMinutes(5)), Step.fixed(Duration.ofMinutes(10))),
            List.of(ZoneId.of("UTC")),
            List.of(Grouping.perSeries()));
    QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
    List<String> problems = new ArrayList<>();
    database.withConnection(
        c ->
            store.read(
                c,
                now,
                LIMITS,
                ds -> {
                  for (SeriesFetch f : fetches) {
                    List<String> diff =
                        f.aggregation() == Aggregation.NONE
                            ? samePoints(memory.fetch(f), ds.fetch(f))
                            : SeriesDiff.between(memory.fetch(f), ds.fetch(f), 1e-9);
                    if (!diff.isEmpty()) {
                      problems.add(describe(f) + ": " + diff);
                    }
                  }
                  return null;
                }));
    assertThat(fetches).extracting(f -> f.tier().name()).contains("5m");
    assertThat(problems).isEmpty();
  }

  @Test
  void rawReadsOfSingleSeriesStreamWhatAFetchReturnsAndTheNewestPoints() throws SQLException {
    // 300 series: more than the first slice of a streamed raw read, so it takes several
    Instant start = Instant.parse("2026-10-23T00:00:00Z");
    InMemoryDataSource memory = InMemoryDataSource.create();
    List<Sample> samples = new ArrayList<>();
    for (int s = 0; s < 300; s++) {
      for (int i = 0; i < 20; i++) {
        Instant t = start.plusSeconds(300L * i + s);
        samples.add(new Sample("fleet_up", Labels.of("node", "n" + s), t.toEpochMilli(), s + i));
        memory.add("fleet_up", Map.of("node", "n" + s), t, s + i);
      }
    }
    storage.writer().writeAll(List.of(new Batch(null, 0, samples, List.of())), -1);
    List<SeriesFetch> fetches = new ArrayList<>();
    for (String metric : List.of("fleet_up", "cpu_load")) {
      for (SeriesFetch f : gaugeFetches(metric, Grouping.perSeries())) {
        if (f.aggregation() == Aggregation.NONE) {
          fetches.add(f);
          // to past the data's end: the head's newest points are its tails' last ones
          fetches.add(
              new SeriesFetch(
                  f.metric(),
                  f.kind(),
                  f.matchers(),
                  f.from(),
                  NOW,
                  f.bucketing(),
                  f.tier(),
                  f.aggregation(),
                  f.quantile(),
                  f.grouping()));
        }
      }
    }
    QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
    List<String> problems = new ArrayList<>();
    database.withConnection(
        c ->
            store.read(
                c,
                NOW,
                LIMITS,
                ds -> {
                  for (SeriesFetch f : fetches) {
                    List<SeriesData> handed = new ArrayList<>();
                    // the points are lent until the call returns: kept, they are copied
                    ds.fetchEach(
                        f,
                        d -> handed.add(new SeriesData(d.labels(), new ArrayList<>(d.points()))));
                    List<SeriesData> expected =
                        f.metric().equals("fleet_up") ? memory.fetch(f) : data.memory.fetch(f);
                    List<String> diff = samePoints(expected, handed);
                    if (!diff.isEmpty()) {
                      problems.add(describe(f) + ": " + diff);
                    }
                    List<SeriesData> newest = new ArrayList<>();
                    ds.fetchNewest(
                        f,
                        d -> newest.add(new SeriesData(d.labels(), new ArrayList<>(d.points()))));
                    List<SeriesData> lasts = new ArrayList<>();
                    for (SeriesData d : expected) {
                      lasts.add(
                          new SeriesData(
                              d.labels(), List.of(d.points().get(d.points().size() - 1))));
                    }
                    diff = samePoints(lasts, newest);
                    if (!diff.isEmpty()) {
                      problems.add("newest of " + describe(f) + ": " + diff);
                    }
                  }
                  return null;
                }));
    assertThat(fetches).hasSize(4);
    assertThat(problems).isEmpty();
  }

  @Test
  void aQueryOutOfTimeFailsWithAnEvaluateError() throws SQLException {
    QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
    Limits none = new Limits(11_000, 1_000, 5_000_000L, Duration.ofNanos(1), 500);
    SeriesFetch f = gaugeFetches("cpu_load", Grouping.all()).get(1);
    database.withConnection(
        c ->
            store.read(
                c,
                NOW,
                none,
                ds -> {
                  assertThatThrownBy(() -> ds.fetch(f))
                      .isInstanceOf(QueryException.class)
                      .hasMessageStartingWith(
                          "cannot evaluate query: query took longer than allowed");
                  return null;
                }));
  }

  /** The fetches of a gauge over {@code [FROM, TO)} at the fixed steps, in UTC, one grouping. */
  private static List<SeriesFetch> gaugeFetches(String metric, Grouping grouping) {
    return FetchMatrix.of(
        metric,
        MetricKind.GAUGE,
        List.of(),
        FROM,
        TO,
        NOW,
        QueryTiers.of(PLAN),
        FIXED,
        List.of(ZoneId.of("UTC")),
        List.of(grouping));
  }

  private void check(
      String metric, MetricKind kind, List<LabelMatcher> matchers, List<Grouping> groupings)
      throws SQLException {
    List<Tier> tiers = QueryTiers.of(PLAN);
    List<SeriesFetch> fetches = new ArrayList<>();
    fetches.addAll(
        FetchMatrix.of(
            metric, kind, matchers, FROM, TO, NOW, tiers, FIXED, List.of(ZONES.get(0)), groupings));
    fetches.addAll(
        FetchMatrix.of(
            metric,
            kind,
            matchers,
            FROM,
            TO,
            NOW,
            tiers,
            List.of(Step.day(), Step.week()),
            ZONES,
            groupings));
    List<String> problems = new ArrayList<>();
    Map<String, Integer> tiersUsed = new TreeMap<>();
    QueryStore store = QueryStore.of(storage, Duration.ofMinutes(1));
    database.withConnection(
        c ->
            store.read(
                c,
                NOW,
                LIMITS,
                ds -> {
                  for (SeriesFetch f : fetches) {
                    List<SeriesData> expected = data.memory.fetch(f);
                    List<SeriesData> actual = ds.fetch(f);
                    if (!expected.isEmpty()) {
                      tiersUsed.merge(f.tier().name(), 1, Integer::sum);
                    }
                    List<String> diff =
                        f.aggregation() == Aggregation.NONE
                            ? samePoints(expected, actual)
                            : SeriesDiff.between(expected, actual, 1e-9);
                    if (!diff.isEmpty()) {
                      problems.add(describe(f) + ": " + diff.subList(0, Math.min(3, diff.size())));
                    }
                  }
                  return null;
                }));
    assertThat(problems).as("fetches that differ from the oracle").isEmpty();
    assertThat(tiersUsed).containsKeys("raw", "1m", "5m", "1h", "1d");
  }

  /**
   * Raw points compared as lists: a group of several series may hold two points at one time, which
   * SeriesDiff (matching points by time) cannot tell apart.
   */
  static List<String> samePoints(List<SeriesData> expected, List<SeriesData> actual) {
    Map<Map<String, String>, List<Point>> e = new HashMap<>();
    expected.forEach(s -> e.put(s.labels(), s.points()));
    Map<Map<String, String>, List<Point>> a = new HashMap<>();
    actual.forEach(s -> a.put(s.labels(), s.points()));
    return e.equals(a) && a.size() == actual.size()
        ? List.of()
        : List.of("raw points differ [expected=" + e.size() + " series, actual=" + a.size() + "]");
  }

  static String describe(SeriesFetch f) {
    return f.aggregation()
        + (Double.isNaN(f.quantile()) ? "" : "(" + f.quantile() + ")")
        + " "
        + f.grouping().mode()
        + f.grouping().labels()
        + " "
        + f.bucketing().map(Object::toString).orElse("raw points")
        + " tier="
        + f.tier().name()
        + " ["
        + f.from()
        + ", "
        + f.to()
        + ")";
  }
}
