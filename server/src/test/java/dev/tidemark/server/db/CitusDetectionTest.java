package dev.tidemark.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The Citus flavor is chosen from the database itself: a database without the citus extension stays
 * plain PostgreSQL on {@code auto}, and {@code storage.citus=on} refuses it saying why.
 */
class CitusDetectionTest {
  @Test
  void plainPostgresStaysPlainOnAutoAndIsRefusedOnOn() {
    String url = TestDatabase.freshPostgres();
    try (Database db = Database.connect(url, null, null, null, 1, 4, "auto", "auto")) {
      assertThat(db.flavor()).isEqualTo(Flavor.POSTGRES);
    }
    assertThatThrownBy(() -> Database.connect(url, null, null, null, 1, 4, "auto", "on"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("storage.citus=on but the citus extension is not available");
  }
}
