package dev.tidemark.server.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.db.Database;
import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.storage.block.Columns;
import dev.tidemark.server.storage.head.Head;
import dev.tidemark.server.storage.head.HeadSettings;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the head-on variants of the data-source contract check beside the oracle. */
final class HeadSqlDataSourceCheck {
  /** A window reaching back over the whole October data, seen from the contract's NOW. */
  static final HeadSettings SETTINGS =
      new HeadSettings(true, Duration.ofDays(10), 50_000_000, Duration.ofMinutes(10));

  private HeadSqlDataSourceCheck() {}

  /**
   * Raw reads of every series over many ranges give the same points, bit for bit, with the head and
   * from SQL alone, and the head answered them.
   */
  static void sameAsSql(Database database, Storage storage) throws SQLException {
    Head head = storage.head();
    assertThat(head.enabled()).isTrue();
    assertThat(head.sampleCount()).isPositive();
    long before = head.headReads();
    boolean blocks = database.flavor() == Flavor.POSTGRES;
    database.withConnection(
        c -> {
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM series ORDER BY id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
          long[] all = ids.stream().mapToLong(Long::longValue).toArray();
          long from = QueryData.START.toEpochMilli();
          long to = QueryData.END.toEpochMilli();
          long[][] ranges = {
            {from - 3_600_000, to + 3_600_000},
            {from + 1, from + 7_777_777},
            {to - 86_400_000 - 13, to - 5_000},
            {from + 123_456_789, from + 123_456_789 + 300_000}
          };
          for (long[] r : ranges) {
            Columns[] withHead = RawPoints.read(c, head, all, r[0], r[1], blocks);
            Columns[] sqlOnly = RawPoints.read(c, all, r[0], r[1], blocks);
            for (int i = 0; i < all.length; i++) {
              assertThat(withHead[i].size()).as("series %d", all[i]).isEqualTo(sqlOnly[i].size());
              for (int p = 0; p < sqlOnly[i].size(); p++) {
                assertThat(withHead[i].time(p)).isEqualTo(sqlOnly[i].time(p));
                assertThat(Double.doubleToRawLongBits(withHead[i].value(p)))
                    .isEqualTo(Double.doubleToRawLongBits(sqlOnly[i].value(p)));
              }
            }
          }
          return null;
        });
    assertThat(head.headReads()).isGreaterThan(before);
  }
}
