package dev.tidemark.server.storage.query;

import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TimescaleOnly;

/** The SQL data source against the oracle on TimescaleDB, where the environment names one. */
@TimescaleOnly
class TimescaleSqlDataSourceTest extends SqlDataSourceContract {
  private final String url;

  TimescaleSqlDataSourceTest() {
    url = TestDatabase.freshTimescale().orElse(null);
  }

  @Override
  String jdbcUrl() {
    return url;
  }
}
