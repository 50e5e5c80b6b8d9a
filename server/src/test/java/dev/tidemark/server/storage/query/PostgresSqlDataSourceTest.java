package dev.tidemark.server.storage.query;

import dev.tidemark.server.testing.TestDatabase;

/** The SQL data source against the oracle on plain PostgreSQL (the embedded default). */
class PostgresSqlDataSourceTest extends SqlDataSourceContract {
  private final String url = TestDatabase.freshPostgres();

  @Override
  String jdbcUrl() {
    return url;
  }
}
