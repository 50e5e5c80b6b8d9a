package dev.tidemark.server.storage.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.query.RawPoints;
import dev.tidemark.server.storage.tier.TierPlan;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The head at the storage level: a row it never saw (written around the server) is found when a
 * later write repeats its key, and the head starts over after now instead of answering without it.
 */
class HeadStorageTest {
  static final TierPlan PLAN =
      TierPlan.parse(
          "raw:14d,1m:30d,5m:1y,1h:3y,1d:forever", Duration.ofHours(1), Duration.ofDays(2));

  @Test
  void aStoredRowTheHeadNeverSawMakesItStartOver() throws Exception {
    try (Opened o = Opened.withHead(Duration.ofHours(2))) {
      Database database = o.database();
      Storage storage = o.storage();
      Head head = o.head();
      // every time below in one UTC day: the row written around the writer needs the partition the
      // writer made for the first one (just after midnight, "now" is moved before it)
      long clock = System.currentTimeMillis();
      long midnight = Math.floorDiv(clock, 86_400_000L) * 86_400_000L;
      long now = clock - midnight < 120_000 ? midnight - 1 : clock;
      Labels labels = Labels.of("host", "a");
      storage
          .writer()
          .write(new Batch(null, 0, List.of(sample(labels, now - 60_000, 1)), List.of()));
      assertThat(head.sampleCount()).isEqualTo(1);
      long id =
          database.withConnection(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement("SELECT id FROM series WHERE metric = 'hs_x'")) {
                  var rs = ps.executeQuery();
                  rs.next();
                  return rs.getLong(1);
                }
              });
      // a row stored around this server's writer, then a write repeating its key
      database.withConnection(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO samples (series_id, ts, value) VALUES (?, ?, 7)")) {
              ps.setLong(1, id);
              ps.setTimestamp(2, new Timestamp(now - 30_000));
              ps.executeUpdate();
            }
            return null;
          });
      storage
          .writer()
          .write(
              new Batch(
                  null,
                  0,
                  List.of(sample(labels, now - 30_000, 8), sample(labels, now - 20_000, 9)),
                  List.of()));
      assertThat(head.start()).isGreaterThan(now);
      assertThat(head.sampleCount()).isZero();
      database.withConnection(
          c -> {
            Columns with = RawPoints.read(c, head, new long[] {id}, now - 120_000, now, true)[0];
            Columns sql = RawPoints.read(c, new long[] {id}, now - 120_000, now, true)[0];
            assertThat(with.size()).isEqualTo(sql.size()).isEqualTo(3);
            assertThat(with.value(1)).isEqualTo(sql.value(1)).isEqualTo(7);
            return null;
          });
    }
  }

  @Test
  void aHeadThatDroppedNothingAnswersPastItsWindowUntilEvictionHasPointsToDrop() throws Exception {
    try (Opened o = Opened.withHead(Duration.ofHours(1))) {
      Database database = o.database();
      Head head = o.head();
      long hour = 3_600_000L;
      long now = System.currentTimeMillis();
      long from = now - 3 * hour;
      long[] ids = {1};
      head.add(ids, new long[] {now - hour / 2}, new double[] {1}, 1);
      head.evict(); // nothing older than the hour: the start stays where the empty database put it
      assertThat(readFrom(database, head, from, now)).isEqualTo(from); // no SQL for the 3 hours
      head.add(ids, new long[] {now - 2 * hour}, new double[] {2}, 1); // late, past the window
      assertThat(readFrom(database, head, from, now)).isEqualTo(from);
      head.evict(); // now a point to drop: the start moves to the window's edge
      long split = readFrom(database, head, from, now);
      assertThat(split).isBetween(now - hour, System.currentTimeMillis() - hour);
      assertThat(head.sampleCount()).isEqualTo(1);
    }
  }

  /** Reads series 1 over {@code [from, to)}: the time the head answered from. */
  private static long readFrom(Database database, Head head, long from, long to) throws Exception {
    return database.withConnection(
        c -> head.read(c, new long[] {1}, from, to, false, new Columns(0), new int[1]));
  }

  /** A fresh database, its storage and a head over the given window; closed in that order back. */
  private record Opened(Database database, Storage storage, Head head) implements AutoCloseable {
    static Opened withHead(Duration window) throws Exception {
      Database database = Database.connect(TestDatabase.freshPostgres(), null, null, 2, 16, "auto");
      Storage storage = Storage.open(database, PLAN, 1_000, Clock.systemUTC());
      Head head =
          storage.startHead(new HeadSettings(true, window, 1_000_000, Duration.ofMinutes(10)));
      return new Opened(database, storage, head);
    }

    @Override
    public void close() throws Exception {
      try (database) {
        storage.close();
      }
    }
  }

  private static Sample sample(Labels labels, long ts, double value) {
    return new Sample("hs_x", labels, ts, value);
  }

  @Test
  void samplesWaitingToGoIntoTheirSeriesKeepTheOrderGivenAndAnswerReads() throws Exception {
    try (Opened o = Opened.withHead(Duration.ofHours(2))) {
      Database database = o.database();
      Head head = o.head();
      long t = System.currentTimeMillis() - 600_000;
      head.add(new long[] {1, 2}, new long[] {t, t}, new double[] {1, 2}, 2);
      // a second value at a time held (the first stays) and an earlier time, then enough of
      // another series that the pending samples go into their series in the middle of a batch
      head.add(new long[] {1, 1}, new long[] {t, t - 1_000}, new double[] {9, 3}, 2);
      int many = Head.PENDING_SAMPLES + 10;
      long[] ids = new long[many];
      long[] times = new long[many];
      double[] values = new double[many];
      for (int i = 0; i < many; i++) {
        ids[i] = 3;
        times[i] = t - 500_000 + i;
        values[i] = i;
      }
      head.add(ids, times, values, many);
      head.add(new long[] {2}, new long[] {t}, new double[] {8}, 1);
      long[] series = {1, 2, 3};
      Columns buffer = new Columns(0);
      int[] ends = new int[3];
      long split =
          database.withConnection(
              c -> head.read(c, series, t - 600_000, t + 1, false, buffer, ends));
      assertThat(split).isLessThanOrEqualTo(t - 500_000);
      Columns[] out = new Columns[3];
      for (int i = 0; i < 3; i++) {
        out[i] = buffer.copyRange(i == 0 ? 0 : ends[i - 1], ends[i]);
      }
      assertThat(out[0].size()).isEqualTo(2);
      assertThat(out[0].time(0)).isEqualTo(t - 1_000);
      assertThat(out[0].value(0)).isEqualTo(3);
      assertThat(out[0].value(1)).isEqualTo(1);
      assertThat(out[1].size()).isEqualTo(1);
      assertThat(out[1].value(0)).isEqualTo(2);
      assertThat(out[2].size()).isEqualTo(many);
      assertThat(out[2].value(many - 1)).isEqualTo(many - 1);
      assertThat(head.sampleCount()).isEqualTo(3 + many);
      // the newest point of each alone
      database.withConnection(c -> head.read(c, series, t - 600_000, t + 1, true, buffer, ends));
      assertThat(ends).containsExactly(1, 2, 3);
      assertThat(buffer.time(0)).isEqualTo(t);
      assertThat(buffer.value(0)).isEqualTo(1);
      assertThat(buffer.value(1)).isEqualTo(2);
      assertThat(buffer.time(2)).isEqualTo(t - 500_000 + many - 1);
      assertThat(buffer.value(2)).isEqualTo(many - 1);
    }
  }
}
