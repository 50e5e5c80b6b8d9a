package dev.tidemark.server.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

/** timestamptz read as epoch milliseconds, alike from text rows and from binary rows. */
class TimestampsTest {
  private static final List<Instant> TIMES =
      List.of(
          Instant.parse("2026-11-22T21:59:59.999Z"),
          Instant.parse("2026-10-25T01:00:00Z"),
          Instant.parse("2000-01-01T00:00:00Z"),
          Instant.parse("1999-12-31T23:59:59.999Z"),
          Instant.parse("1970-01-01T00:00:00Z"),
          Instant.parse("1969-12-31T23:59:59.001Z"),
          Instant.parse("2262-04-11T23:47:16.854Z"));

  @Test
  void textAndBinaryRowsGiveTheSameMillis() throws SQLException {
    try (Connection c = DriverManager.getConnection(TestDatabase.freshPostgres())) {
      List<Boolean> formats = new ArrayList<>();
      for (int run = 0; run < 3; run++) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT t FROM unnest(?::timestamptz[]) WITH ORDINALITY u(t, i) ORDER BY i")) {
          // threshold 2: the first run is sent as text, later runs as a server-prepared statement
          ps.unwrap(PGStatement.class).setPrepareThreshold(2);
          ps.setArray(
              1,
              c.createArrayOf(
                  "timestamptz", TIMES.stream().map(java.sql.Timestamp::from).toArray()));
          List<Long> read = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            boolean binary = Timestamps.binary(rs, 1);
            formats.add(binary);
            while (rs.next()) {
              read.add(Timestamps.millis(rs, 1, binary));
            }
          }
          assertThat(read)
              .containsExactlyElementsOf(TIMES.stream().map(Instant::toEpochMilli).toList());
        }
      }
      assertThat(formats).contains(false, true);
    }
  }
}
