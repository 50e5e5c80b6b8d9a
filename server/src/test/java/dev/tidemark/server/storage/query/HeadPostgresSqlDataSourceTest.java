package dev.tidemark.server.storage.query;

import dev.tidemark.server.storage.head.HeadSettings;
import dev.tidemark.server.testing.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The data-source contract on plain PostgreSQL with the head of recent samples on and holding the
 * whole data set: PromQL's raw reads come from memory and answer as the oracle does.
 */
class HeadPostgresSqlDataSourceTest extends SqlDataSourceContract {
  private final String url = TestDatabase.freshPostgres();

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
