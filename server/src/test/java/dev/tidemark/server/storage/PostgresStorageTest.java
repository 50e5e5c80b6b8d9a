package dev.tidemark.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.db.Flavor;
import dev.tidemark.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The storage contract on plain PostgreSQL (the embedded default). */
class PostgresStorageTest extends StorageContract {
  private final String url = TestDatabase.freshPostgres();

  @Override
  String jdbcUrl() {
    return url;
  }

  @Test
  void runsWithoutTimescaledb() {
    assertThat(database.flavor()).isEqualTo(Flavor.POSTGRES);
  }
}
