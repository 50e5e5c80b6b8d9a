package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.db.Database;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code series_seen} after writes of many series (past the first table size of a transaction's
 * spans), samples of each in any order, one write widening only some of them.
 */
class SeriesSeenTest {
  @Test
  void eachSeriesSpansItsFirstAndLastSampleAcrossWrites() throws Exception {
    long day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS).toEpochMilli();
    try (Database database =
            Database.connect(TestDatabase.freshPostgres(), null, null, 2, 16, "auto");
        Storage storage = Storage.open(database, StorageContract.PLAN, 10_000, Clock.systemUTC())) {
      int series = 3_000;
      List<Sample> first = new ArrayList<>();
      for (int round = 2; round >= 0; round--) { // latest first: the span is not arrival order
        for (int i = 0; i < series; i++) {
          first.add(sample(i, day + 3_600_000 + round * 10_000L + i));
        }
      }
      storage.writer().write(new Batch("seen", 1, first, List.of()));
      // later: every tenth series two hours on (widens), the others a second on (within the slack)
      List<Sample> later = new ArrayList<>();
      for (int i = 0; i < series; i++) {
        long t = day + 3_600_000 + 20_000L + i + (i % 10 == 0 ? 7_200_000 : 1_000);
        later.add(sample(i, t));
      }
      storage.writer().write(new Batch("seen", 2, later, List.of()));

      Map<String, long[]> spans = new HashMap<>();
      database.withConnection(
          c -> {
            try (Statement st = c.createStatement();
                ResultSet rs =
                    st.executeQuery(
                        "SELECT s.labels->>'i', (extract(epoch FROM v.first_seen) * 1000)::bigint,"
                            + " (extract(epoch FROM v.last_seen) * 1000)::bigint"
                            + " FROM series_seen v JOIN series s ON s.id = v.series_id")) {
              while (rs.next()) {
                spans.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
              }
            }
            return null;
          });
      assertThat(spans).hasSize(series);
      for (int i = 0; i < series; i++) {
        long start = day + 3_600_000 + i;
        long end = i % 10 == 0 ? start + 20_000 + 7_200_000 : start + 20_000;
        assertThat(spans.get(Integer.toString(i))).as("series %d", i).containsExactly(start, end);
      }
    }
  }

  static Sample sample(int i, long t) {
    return new Sample("seen_total", Labels.of("i", Integer.toString(i)), t, i);
  }
}
