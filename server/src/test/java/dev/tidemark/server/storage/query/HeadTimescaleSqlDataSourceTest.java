package dev.tidemark.server.storage.query;

import dev.tidemark.server.storage.head.HeadSettings;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TimescaleOnly;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The data-source contract on TimescaleDB with the head of recent samples on. */
@TimescaleOnly
class HeadTimescaleSqlDataSourceTest extends SqlDataSourceContract {
  private final String url = TestDatabase.freshTimescale().orElse(null);

  @Override
  String jdbcUrl() {
    return url;
  }

  @Override
  HeadSettings head() {
    return HeadSqlDataSourceCheck.SETTINGS;
  }

  @Test
  void rawReadsWithTheHeadAreTheSqlOnes() throws SQLException {
    HeadSqlDataSourceCheck.sameAsSql(database, storage);
  }
}
