package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TimescaleOnly;
import org.junit.jupiter.api.Test;

/** The storage contract on TimescaleDB, where TIDEMARK_TEST_TIMESCALEDB_URL names one. */
@TimescaleOnly
class TimescaleStorageTest extends StorageContract {
  private final String url;

  TimescaleStorageTest() {
    url = TestDatabase.freshTimescale().orElse(null);
  }

  @Override
  String jdbcUrl() {
    return url;
  }

  @Test
  void runsOnTimescaledb() {
    assertThat(database.flavor()).isEqualTo(Flavor.TIMESCALEDB);
  }
}
