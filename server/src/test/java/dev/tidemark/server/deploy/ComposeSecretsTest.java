package dev.tidemark.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code docker-compose} (Debian 12's 1.29, no Docker daemon needed for {@code config})
 * refuses docker-compose.yml while a secret is unset, naming it, and accepts it with all of them.
 * 1.29 predates the top-level {@code name:} key, so that one line is left out of its copy.
 */
class ComposeSecretsTest {
  private static final Path COMPOSE = Path.of("/usr/bin/docker-compose");

  @TempDir Path dir;

  record Run(int exit, String output) {}

  Run config(Map<String, String> env) throws IOException, InterruptedException {
    String text = RepoFiles.read("docker-compose.yml").replaceFirst("(?m)^name: .*\\n", "");
    Files.writeString(dir.resolve("docker-compose.yml"), text);
    ProcessBuilder pb =
        new ProcessBuilder(COMPOSE.toString(), "-f", "docker-compose.yml", "config")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> DockerComposeTest.SECRETS.containsKey(k));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void composeRefusesToStartWithoutEachSecretAndNamesIt() throws Exception {
    assumeTrue(
        Files.isExecutable(COMPOSE),
        "docker-compose is not installed (apt-get install docker-compose)");
    Run all = config(DockerComposeTest.SECRETS);
    assertThat(all.exit()).as(all.output()).isZero();
    assertThat(all.output())
        .contains("TIDEMARK_SERVER_AUTH_TOKENS: write-token-0123456789:write,")
        .contains("POSTGRES_PASSWORD: db-secret")
        .doesNotContain("admin\n");
    for (String missing : DockerComposeTest.SECRETS.keySet()) {
      Map<String, String> env = new HashMap<>(DockerComposeTest.SECRETS);
      env.remove(missing);
      Run refused = config(env);
      assertThat(refused.exit()).as("compose accepted the file without %s", missing).isNotZero();
      assertThat(refused.output()).contains("set " + missing + ",");
    }
  }
}
