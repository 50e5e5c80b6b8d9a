package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The storage contract on TimescaleDB, where TIDEMARK_TEST_TIMESCALEDB_URL names one. */
class TimescaleStorageTest extends StorageContract {
  private final String url;

  TimescaleStorageTest() {
    url = TestDatabase.freshTimescale().orElse(null);
    if (url == null) {
      LoggerFactory.getLogger(TimescaleStorageTest.class)
          .warn("TimescaleDB storage tests skipped: {} is not set", TestDatabase.TIMESCALEDB_ENV);
    }
    Assumptions.assumeTrue(url != null, TestDatabase.TIMESCALEDB_ENV + " is not set");
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
