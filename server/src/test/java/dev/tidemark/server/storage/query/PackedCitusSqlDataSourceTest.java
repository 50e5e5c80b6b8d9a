package dev.tidemark.server.storage.query;

import dev.tidemark.server.testing.CitusOnly;
import dev.tidemark.server.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link PackedPostgresSqlDataSourceTest} on a Citus coordinator: the raw days packed into blocks
 * on the workers, every raw read decoding them, the answers still the oracle's.
 */
@CitusOnly
class PackedCitusSqlDataSourceTest extends SqlDataSourceContract {
  private final String url;

  PackedCitusSqlDataSourceTest() {
    url = TestDatabase.freshCitus().orElse(null);
  }

  @Override
  String jdbcUrl() {
    return url;
  }

  @BeforeAll
  void pack() throws Exception {
    PackedPostgresSqlDataSourceTest.checkPacked(storage, database);
  }
}
