package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.auth.tokens.file}: a token rotates without a restart; the old one stays valid for
 * the grace period, then is refused; a broken file keeps the previous tokens; an empty one locks.
 */
class TokenRotationHttpTest {
  static final String OLD = "old-token-0123456789";
  static final String NEW = "new-token-0123456789";
  static final String NEWER = "newer-token-0123456789";

  @TempDir Path dir;

  int status(Http http, String token) {
    return http.get("/api/retention", "Authorization", "Bearer " + token).statusCode();
  }

  /** Waits for the server to pick up a change (it polls every second). */
  static void awaitStatus(int expected, IntSupplier status) throws InterruptedException {
    for (int i = 0; i < 150 && status.getAsInt() != expected; i++) {
      Thread.sleep(100);
    }
    assertThat(status.getAsInt()).isEqualTo(expected);
  }

  static void write(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aTokenRotatesWithoutARestartAndTheOldOneLastsTheGracePeriod() throws Exception {
    Path file = dir.resolve("tokens");
    write(file, "# operators\n" + OLD + ":read+write\n");
    try (Tidemark server =
        TestServer.start(
            Map.of(
                ConfigKey.AUTH_TOKENS_FILE, file.toString(), ConfigKey.AUTH_TOKENS_GRACE, "1h"))) {
      Http http = new Http(server.port());
      assertThat(status(http, OLD)).isEqualTo(200);
      assertThat(status(http, NEW)).isEqualTo(401);

      write(file, NEW + ":read # rotated\n");
      awaitStatus(200, () -> status(http, NEW));
      assertThat(status(http, OLD)).as("inside the grace period").isEqualTo(200);
      assertThat(
              http.put("/api/retention", "{\"raw\":\"30d\"}", "Authorization", "Bearer " + NEW)
                  .statusCode())
          .as("the file's scopes apply")
          .isEqualTo(403);

      write(file, NEW + ":read\nbroken-line\n");
      Thread.sleep(2500); // two polls: the broken file must not change anything
      assertThat(status(http, NEW)).isEqualTo(200);
      assertThat(status(http, OLD)).isEqualTo(200);

      write(file, "");
      Thread.sleep(2500);
      assertThat(http.get("/api/retention").statusCode()).as("an empty file locks").isEqualTo(401);
      assertThat(status(http, NEW)).as("removed: in its grace period").isEqualTo(200);
    }
  }

  @Test
  void afterTheGracePeriodTheOldTokenIsRefused() throws Exception {
    Path file = dir.resolve("tokens");
    write(file, OLD + ":read\n");
    try (Tidemark server =
        TestServer.start(
            Map.of(
                ConfigKey.AUTH_TOKENS_FILE, file.toString(), ConfigKey.AUTH_TOKENS_GRACE, "1ms"))) {
      Http http = new Http(server.port());
      assertThat(status(http, OLD)).isEqualTo(200);
      write(file, NEWER + ":read\n");
      awaitStatus(200, () -> status(http, NEWER));
      assertThat(status(http, OLD)).isEqualTo(401);
    }
  }

  @Test
  void aMissingOrBrokenFileStopsTheStartNamingTheKey() throws Exception {
    Path missing = dir.resolve("absent");
    assertThatThrownBy(
            () -> TestServer.start(Map.of(ConfigKey.AUTH_TOKENS_FILE, missing.toString())))
        .hasMessageContaining("cannot read server.auth.tokens.file");
    Path broken = dir.resolve("broken");
    write(broken, "# fine\n" + OLD + ":read\nshort:read\n");
    assertThatThrownBy(
            () -> TestServer.start(Map.of(ConfigKey.AUTH_TOKENS_FILE, broken.toString())))
        .hasMessageContaining("cannot use server.auth.tokens.file line 3")
        .hasMessageNotContaining(OLD);
  }
}
