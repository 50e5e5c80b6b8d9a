package dev.tidemark.server.storage.head;

import dev.tidemark.server.testing.TestDatabase;

/** The head's answers against SQL's on plain PostgreSQL. */
class HeadPostgresHttpTest extends HeadHttpContract {
  @Override
  String jdbcUrl() {
    return TestDatabase.freshPostgres();
  }
}
