package dev.tidemark.server.storage.query;

import dev.tidemark.server.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;

/** The SQL data source against the oracle on TimescaleDB, where the environment names one. */
class TimescaleSqlDataSourceTest extends SqlDataSourceContract {
  private final String url;

  TimescaleSqlDataSourceTest() {
    url = TestDatabase.freshTimescale().orElse(null);
    Assumptions.assumeTrue(url != null, TestDatabase.TIMESCALEDB_ENV + " is not set");
  }

  @Override
  String jdbcUrl() {
    return url;
  }
}
