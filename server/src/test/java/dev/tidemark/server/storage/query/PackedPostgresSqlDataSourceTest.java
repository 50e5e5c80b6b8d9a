package dev.tidemark.server.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.db.Database;
import dev.tidemark.server.storage.Storage;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SQL data source against the oracle on plain PostgreSQL once the maintenance pass has packed
 * the raw days into blocks: every raw read (PromQL's points, quantiles, counter increases) then
 * decodes blocks in Java, and must still answer exactly like the oracle.
 */
class PackedPostgresSqlDataSourceTest extends SqlDataSourceContract {
  private final String url = TestDatabase.freshPostgres();

  @Override
  String jdbcUrl() {
    return url;
  }

  @BeforeAll
  void pack() throws Exception {
    checkPacked(storage, database);
  }

  /** Packs every raw day before the test data's "now" and checks that nothing was left as rows. */
  static void checkPacked(Storage storage, Database database) throws Exception {
    storage.maintain();
    database.withConnection(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT (SELECT count(*) FROM samples WHERE ts < '2026-10-28'),"
                          + " (SELECT coalesce(sum(count), 0) FROM sample_blocks)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows left in packed days").isZero();
            assertThat(rs.getLong(2)).as("points in blocks").isPositive();
          }
          return null;
        });
  }
}
