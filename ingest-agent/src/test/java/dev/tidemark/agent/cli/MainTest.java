package dev.tidemark.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  @Test
  void badConfigurationIsOneClearMessageAndExitCodeTwo() throws Exception {
    Path config = dir.resolve("agent.properties");
    Files.writeString(config, "agent.collect.enabled=maybe\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(err, "run", "--config", config.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo(
            "cannot use configuration value: agent.collect.enabled must be true or false"
                + " [key=agent.collect.enabled, value=maybe]");
  }

  @Test
  void unknownCommandsAndKeysExitNonZero() throws Exception {
    Path config = dir.resolve("agent.properties");
    Files.writeString(config, "agent.server.uri=http://x\n");
    assertThat(run(new ByteArrayOutputStream(), "run", "--config", config.toString())).isEqualTo(2);
    assertThat(run(new ByteArrayOutputStream(), "launch")).isEqualTo(2);
    assertThat(run(new ByteArrayOutputStream())).isEqualTo(2);
  }

  @Test
  void statusWithoutAnAgentSaysSo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setProperty("agent.spool.dir", dir.resolve("none").toString());
    try {
      assertThat(run(err, "status")).isEqualTo(1);
    } finally {
      System.clearProperty("agent.spool.dir");
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("cannot show status: no agent");
  }

  private static int run(ByteArrayOutputStream err, String... args) {
    return Main.run(
        args,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
