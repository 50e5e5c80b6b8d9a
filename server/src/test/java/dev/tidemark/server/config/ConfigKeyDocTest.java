package dev.tidemark.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every key with its default. */
class ConfigKeyDocTest {
  @Test
  void readmeTableMatchesTheKeys() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (ConfigKey key : ConfigKey.values()) {
      String def = key.defaultValue().isEmpty() ? "" : key.defaultValue();
      assertThat(readme)
          .as("README row for %s", key.key())
          .contains("| `" + key.key() + "` | " + (def.isEmpty() ? "" : "`" + def + "`") + " |");
    }
  }
}
