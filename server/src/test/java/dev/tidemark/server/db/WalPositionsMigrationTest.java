package dev.tidemark.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.Sql;
import dev.tidemark.server.testing.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * V16 moves the single position of the servers before identities to {@code default}, the identity
 * their data directory adopts, so an upgraded server resumes where it stopped.
 */
class WalPositionsMigrationTest {
  static String resource(String name) throws Exception {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theOldPositionBecomesTheDefaultIdentitys() throws Exception {
    String url = TestDatabase.freshPostgres();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(resource("db/migration/V3__wal_position.sql"));
      s.execute("INSERT INTO wal_position (id, queue_index) VALUES (1, 123456789012)");
      s.execute(resource("db/migration/V16__wal_positions.sql"));
    }
    assertThat(Sql.count(url, "SELECT queue_index FROM wal_positions WHERE server_id = 'default'"))
        .isEqualTo(123456789012L);
    assertThat(Sql.count(url, "SELECT count(*) FROM pg_class WHERE relname = 'wal_position'"))
        .isZero();
  }
}
