package dev.tidemark.server.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.testing.CitusOnly;
import dev.tidemark.server.testing.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup of a Citus coordinator is refused, saying why, and writes nothing. */
@CitusOnly
class CitusBackupRefusedTest {
  @Test
  void aCitusCoordinatorIsRefused(@TempDir Path dir) throws Exception {
    Path to = dir.resolve("backup");
    try (Connection c = DriverManager.getConnection(TestDatabase.freshCitus().orElseThrow())) {
      assertThatThrownBy(() -> Dump.write(c, to, new PrintStream(OutputStream.nullOutputStream())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("a Citus cluster has no snapshot across its workers");
    }
    assertThat(Files.exists(to)).isFalse();
  }
}
