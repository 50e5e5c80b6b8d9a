package dev.tidemark.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsAreUsable() {
    AgentConfig c = AgentConfig.defaults();
    assertThat(c.serverUri().toString()).isEqualTo("http://127.0.0.1:8470");
    assertThat(c.spoolMaxBytes()).isEqualTo(1L << 30);
    assertThat(c.shipBatchAge()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.labels()).containsKey("host");
  }

  @Test
  void unknownKeysAreRejectedByName() {
    assertThatThrownBy(() -> AgentConfig.of(Map.of("agent.spool.dri", "/tmp/x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot use configuration key: unknown key agent.spool.dri");
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> AgentConfig.of(Map.of("agent.spool.roll", "weekly")))
        .hasMessage(
            "cannot use configuration value: agent.spool.roll must be one of minutely, five_minutely,"
                + " ten_minutely, hourly, daily [key=agent.spool.roll, value=weekly]");
    assertThatThrownBy(() -> AgentConfig.of(Map.of("agent.ship.batch.age", "soon")))
        .hasMessageContaining("agent.ship.batch.age must be a duration like 250ms");
    assertThatThrownBy(() -> AgentConfig.of(Map.of("agent.spool.max.bytes", "lots")))
        .hasMessageContaining("agent.spool.max.bytes must be a size like");
    assertThatThrownBy(() -> AgentConfig.of(Map.of("agent.labels.bad-name", "x")))
        .hasMessageContaining("agent.labels.bad-name");
  }

  @Test
  void fileThenSystemPropertiesThenEnvironment() throws Exception {
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file,
        "agent.labels.release=v1\nagent.labels.team=perf\nagent.ship.batch.size=10\n",
        StandardCharsets.UTF_8);
    Properties system = new Properties();
    system.setProperty("agent.ship.batch.size", "20");
    system.setProperty("java.home", "/ignored");
    AgentConfig c = AgentConfig.load(file, Map.of("TIDEMARK_AGENT_LABELS_RELEASE", "v2"), system);
    assertThat(c.shipBatchSize()).isEqualTo(20);
    assertThat(c.labels()).containsEntry("release", "v2").containsEntry("team", "perf");
  }

  @Test
  void theReadmeTableListsEveryKeyWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (AgentKey k : AgentKey.values()) {
      String dflt = k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`";
      assertThat(readme).contains("| `" + k.key() + "` | " + dflt + " | " + k.description() + " |");
    }
  }
}
