package dev.tidemark.server.storage.head;

import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TimescaleOnly;

/** The head's answers against SQL's on TimescaleDB, where the environment names one. */
@TimescaleOnly
class HeadTimescaleHttpTest extends HeadHttpContract {
  @Override
  String jdbcUrl() {
    return TestDatabase.freshTimescale().orElseThrow();
  }
}
