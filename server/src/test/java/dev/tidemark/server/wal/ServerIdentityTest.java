package dev.tidemark.server.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {
  @TempDir Path dir;

  @Test
  void aNewDataDirectoryGetsARandomIdentityThatStays() throws Exception {
    String first = ServerIdentity.load(dir.resolve("a"));
    assertThat(first).startsWith("srv-");
    assertThat(ServerIdentity.load(dir.resolve("a"))).isEqualTo(first);
    assertThat(ServerIdentity.load(dir.resolve("b"))).isNotEqualTo(first);
  }

  /** A data directory from before identities resumes from the position migrated to 'default'. */
  @Test
  void aQueueWrittenBeforeIdentitiesAdoptsTheMigratedPosition() throws Exception {
    Path data = dir.resolve("old");
    Files.createDirectories(data.resolve("wal"));
    Files.writeString(data.resolve("wal").resolve("20261205.cq4"), "");
    assertThat(ServerIdentity.load(data)).isEqualTo("default");
    assertThat(Files.readString(data.resolve(ServerIdentity.FILE))).isEqualTo("default\n");
  }

  @Test
  void aBrokenIdentityIsRefusedByName() throws Exception {
    Files.writeString(dir.resolve(ServerIdentity.FILE), "a b'c\n");
    assertThatThrownBy(() -> ServerIdentity.load(dir))
        .hasMessageStartingWith("cannot use server identity: ")
        .hasMessageContaining("server.id");
  }
}
