package dev.tidemark.server.storage.query;

import dev.tidemark.server.testing.CitusOnly;
import dev.tidemark.server.testing.TestDatabase;

/**
 * The SQL data source against the oracle on a Citus coordinator, where the environment names one.
 */
@CitusOnly
class CitusSqlDataSourceTest extends SqlDataSourceContract {
  private final String url;

  CitusSqlDataSourceTest() {
    url = TestDatabase.freshCitus().orElse(null);
  }

  @Override
  String jdbcUrl() {
    return url;
  }
}
