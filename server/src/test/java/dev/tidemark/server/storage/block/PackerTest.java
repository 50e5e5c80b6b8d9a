package dev.tidemark.server.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.query.plan.Limits;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.Grouping;
import dev.tidemark.query.source.MetricKind;
import dev.tidemark.query.source.Point;
import dev.tidemark.query.source.SeriesData;
import dev.tidemark.query.source.SeriesFetch;
import dev.tidemark.query.source.Tier;
import dev.tidemark.query.time.Bucketing;
import dev.tidemark.query.time.Step;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.SeriesKey;
import dev.tidemark.server.storage.SeriesReader;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.query.QueryStore;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Plain PostgreSQL: the maintenance pass packs raw days older than {@code storage.compress.after}
 * into hour blocks, and every path that reads raw data still sees each point once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackerTest {
  static final TierPlan PLAN =
      TierPlan.parse(
          "raw:14d,1m:30d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));

  /** Inside raw retention, outside every refresh window, older than compress.after. */
  static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(4, ChronoUnit.DAYS);

  static final Labels LABELS = Labels.of("host", "p1");

  Database database;
  Storage storage;

  @BeforeAll
  void open() throws SQLException {
    database = Database.connect(TestDatabase.freshPostgres(), null, null, 4, 16, "auto");
    storage = Storage.open(database, PLAN, 10_000, Clock.systemUTC());
  }

  @AfterAll
  void close() {
    storage.close();
    database.close();
  }

  @Test
  void packsOldDaysAndEveryRawReadSeesEachPointOnce() throws Exception {
    Instant start = DAY.plus(Duration.ofHours(5));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 1080; i++) { // three hours at 10 s
      samples.add(sample(start.plusSeconds(10L * i), 100 + (i % 13)));
    }
    storage.writer().write(new Batch(null, 0, samples, List.of()));
    refresh();
    storage.maintain();
    String blocks = " FROM sample_blocks WHERE series_id = " + seriesId();

    assertThat(count("SELECT count(*) FROM samples WHERE ts < now() - interval '3 days'")).isZero();
    assertThat(count("SELECT count(*)" + blocks)).isEqualTo(3);
    assertThat(count("SELECT sum(count)" + blocks)).isEqualTo(1080);
    assertThat(count("SELECT sum(octet_length(data))" + blocks))
        .as("a regular gauge packs to under 2 bytes a point")
        .isLessThan(2 * 1080);
    assertThat(raw(start, start.plus(Duration.ofHours(3))))
        .extracting(SeriesReader.Point::last)
        .containsExactlyElementsOf(samples.stream().map(Sample::value).toList());

    // a resend after packing: stored as a row, read once, the packed value winning
    storage.writer().write(new Batch(null, 0, List.of(sample(start, -1)), List.of()));
    assertThat(raw(start, start.plusSeconds(1)))
        .extracting(SeriesReader.Point::last)
        .containsExactly(100.0);
    storage.maintain();
    assertThat(count("SELECT count(*) FROM samples WHERE ts < now() - interval '3 days'")).isZero();
    assertThat(count("SELECT sum(count)" + blocks)).isEqualTo(1080);
    assertThat(raw(start, start.plusSeconds(1)))
        .extracting(SeriesReader.Point::last)
        .containsExactly(100.0);

    // a late sample in a packed hour: the next pass unpacks the day, refreshes it and packs again
    Instant late = start.plusSeconds(35);
    storage.writer().write(new Batch(null, 0, List.of(sample(late, 1000)), List.of()));
    storage.maintain();
    assertThat(count("SELECT count(*) FROM samples WHERE ts < now() - interval '3 days'")).isZero();
    assertThat(count("SELECT sum(count)" + blocks)).isEqualTo(1081);
    var minute =
        database.withConnection(
            c ->
                storage
                    .reader()
                    .points(
                        c,
                        seriesId(),
                        PLAN.tier("1m").orElseThrow(),
                        start,
                        start.plusSeconds(60),
                        10));
    assertThat(minute).hasSize(1);
    assertThat(minute.get(0).count()).isEqualTo(7);
    assertThat(minute.get(0).max()).isEqualTo(1000);

    // raw retention drops blocks as it drops partitions
    database.withConnection(
        c -> {
          storage.tiers().applyRetention(c, PLAN, DAY.plus(Duration.ofDays(15)));
          return null;
        });
    assertThat(count("SELECT count(*)" + blocks)).isZero();
  }

  @Test
  void aCounterIncreaseStartsFromItsLastPackedPoint() throws Exception {
    Labels labels = Labels.of("host", "c1");
    List<Sample> packed = new ArrayList<>();
    Instant lastHour = DAY.plus(Duration.ofHours(23));
    for (int i = 0; i < 60; i++) {
      packed.add(
          new Sample("packed_c", labels, lastHour.plusSeconds(60L * i).toEpochMilli(), 10 * i));
    }
    storage.writer().write(new Batch(null, 0, packed, List.of()));
    storage.maintain();
    assertThat(count("SELECT count(*) FROM samples WHERE ts < now() - interval '3 days'")).isZero();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    storage
        .writer()
        .write(
            new Batch(
                null,
                0,
                List.of(new Sample("packed_c", labels, hour.plusSeconds(90).toEpochMilli(), 1000)),
                List.of()));
    SeriesFetch f =
        new SeriesFetch(
            "packed_c",
            MetricKind.COUNTER,
            List.of(),
            hour,
            hour.plus(Duration.ofHours(1)),
            Optional.of(Bucketing.of(Step.fixed(Duration.ofHours(1)), ZoneOffset.UTC)),
            Tier.raw(Duration.ofDays(14)),
            Aggregation.INCREASE,
            Double.NaN,
            Grouping.perSeries());
    List<SeriesData> result =
        database.withConnection(
            c ->
                QueryStore.of(storage, Duration.ofMinutes(1))
                    .read(
                        c,
                        Instant.now(),
                        new Limits(11_000, 1_000, 5_000_000L, Duration.ofMinutes(1), 500),
                        ds -> ds.fetch(f)));
    assertThat(result).hasSize(1);
    assertThat(result.get(0).points()).containsExactly(new Point(hour.toEpochMilli(), 410));
  }

  private static Sample sample(Instant t, double v) {
    return new Sample("packed_m", LABELS, t.toEpochMilli(), v);
  }

  private List<SeriesReader.Point> raw(Instant from, Instant to) throws SQLException {
    long id = seriesId();
    return database.withConnection(
        c -> storage.reader().points(c, id, PLAN.raw(), from, to, 10_000));
  }

  private void refresh() throws SQLException {
    database.withConnection(
        c -> {
          storage.tiers().refresh(c, PLAN, DAY, DAY.plus(1, ChronoUnit.DAYS));
          return null;
        });
  }

  private long seriesId() throws SQLException {
    return database.withConnection(
        c ->
            storage.registry().resolve(c, List.of(new SeriesKey("packed_m", LABELS)), Map.of())[0]);
  }

  private long count(String sql) throws SQLException {
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
