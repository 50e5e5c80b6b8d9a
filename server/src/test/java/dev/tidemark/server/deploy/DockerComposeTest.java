package dev.tidemark.server.deploy;

import static dev.tidemark.server.deploy.RepoFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.config.Config;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.http.Auth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shape of docker-compose.yml and the Dockerfile against the server's configuration keys. No
 * Docker runs here: this checks what can be checked without it.
 */
class DockerComposeTest {
  /** The secrets an operator sets; compose has no defaults for them. */
  static final Map<String, String> SECRETS =
      Map.of(
          "TIDEMARK_DB_PASSWORD", "db-secret",
          "TIDEMARK_WRITE_TOKEN", "write-token-0123456789",
          "TIDEMARK_GRAFANA_TOKEN", "grafana-token-0123456789",
          "TIDEMARK_ADMIN_TOKEN", "admin-token-0123456789",
          "GRAFANA_ADMIN_PASSWORD", "grafana-secret");

  final Map<String, Object> compose = RepoFiles.yaml("docker-compose.yml");
  final Map<String, Object> services = map(compose.get("services"));

  Map<String, Object> service(String name) {
    return map(services.get(name));
  }

  Map<String, String> environment(String name) {
    Map<String, String> env = new HashMap<>();
    Object raw = service(name).get("environment");
    if (raw != null) {
      map(raw)
          .forEach((k, v) -> env.put(k, ComposeInterpolation.apply(String.valueOf(v), SECRETS)));
    }
    return env;
  }

  /** The server's configuration as the container would load it. */
  Config serverConfig() {
    return Config.load(null, new Properties(), environment("tidemark"));
  }

  @Test
  void theProductionServicesArePresent() {
    assertThat(services).containsKeys("timescaledb", "tidemark", "agent", "grafana");
  }

  @Test
  void everyImageIsPinned() {
    services.forEach(
        (name, s) -> {
          Object image = map(s).get("image");
          assertThat(image).as("service %s has an image or a build", name).isNotNull();
          String tag = image.toString().substring(image.toString().lastIndexOf(':') + 1);
          assertThat(image.toString()).as(name).contains(":");
          assertThat(tag).as(name).isNotEqualTo("latest");
        });
    assertThat(service("timescaledb").get("image").toString())
        .matches("timescale/timescaledb:2\\.\\d+\\.\\d+-pg\\d+");
  }

  @Test
  void everyTidemarkVariableOfTheServerIsAConfigurationKey() {
    Map<String, String> env = environment("tidemark");
    assertThat(env.keySet().stream().filter(k -> k.startsWith("TIDEMARK_")))
        .isNotEmpty()
        .allSatisfy(
            k ->
                assertThat(
                        ConfigKey.byEnvironmentName(k).isPresent() || k.equals("TIDEMARK_CONFIG"))
                    .as("%s names a configuration key", k)
                    .isTrue());
    Config config = serverConfig(); // refuses unknown TIDEMARK_* variables, as the server does
    assertThat(config.string(ConfigKey.HTTP_HOST)).isEqualTo("0.0.0.0");
    assertThat(config.string(ConfigKey.DATABASE_URL))
        .startsWith("jdbc:postgresql://timescaledb:5432/");
    assertThat(config.string(ConfigKey.STORAGE_TIMESCALEDB)).isEqualTo("on");
    assertThat(config.string(ConfigKey.DATABASE_USER))
        .isEqualTo(environment("timescaledb").get("POSTGRES_USER"));
    assertThat(config.string(ConfigKey.DATABASE_PASSWORD))
        .isEqualTo(environment("timescaledb").get("POSTGRES_PASSWORD"));
  }

  /** Every variable is a required secret: no fallback to a known password or an open server. */
  @Test
  void everySecretIsRequiredAndNamedWhenMissing() {
    String text = RepoFiles.read("docker-compose.yml");
    Matcher variables = ComposeInterpolation.VARIABLE.matcher(text);
    java.util.Set<String> seen = new java.util.TreeSet<>();
    while (variables.find()) {
      if (variables.group(1) == null) {
        continue; // $$, an escaped dollar for a container's shell
      }
      String name = variables.group(1);
      seen.add(name);
      assertThat(variables.group(2)).as("${%s} must be ${%s:?message}", name, name).isEqualTo(":?");
      assertThat(variables.group(3)).as("the message of ${%s} names it", name).contains(name);
    }
    assertThat(seen).isEqualTo(new java.util.TreeSet<>(SECRETS.keySet()));
    for (String missing : SECRETS.keySet()) {
      Map<String, String> env = new HashMap<>(SECRETS);
      env.put(missing, "");
      assertThatThrownBy(() -> ComposeInterpolation.apply(text, env))
          .as("compose starts without %s", missing)
          .hasMessageContaining(missing);
      env.remove(missing);
      assertThatThrownBy(() -> ComposeInterpolation.apply(text, env)).hasMessageContaining(missing);
    }
  }

  @Test
  void theServerRequiresTokensAndEveryClientSendsOne() {
    Auth auth = Auth.parse(serverConfig().string(ConfigKey.AUTH_TOKENS));
    assertThat(auth.enabled()).isTrue();
    String tokens = serverConfig().string(ConfigKey.AUTH_TOKENS);
    assertThat(tokens)
        .isEqualTo(
            "write-token-0123456789:write,grafana-token-0123456789:read,"
                + "admin-token-0123456789:read+write");
    assertThat(environment("agent"))
        .containsEntry("TIDEMARK_AGENT_SERVER_TOKEN", SECRETS.get("TIDEMARK_WRITE_TOKEN"));
    assertThat(environment("grafana"))
        .containsEntry("TIDEMARK_GRAFANA_TOKEN", SECRETS.get("TIDEMARK_GRAFANA_TOKEN"))
        .containsEntry("GF_SECURITY_ADMIN_PASSWORD", SECRETS.get("GRAFANA_ADMIN_PASSWORD"));
    String prometheus =
        ComposeInterpolation.apply(
            String.join(" ", strings(service("prometheus").get("command"))), SECRETS);
    assertThat(prometheus)
        .contains("printf %s \"$TIDEMARK_WRITE_TOKEN\" > /tmp/tidemark-write-token")
        .contains("exec /bin/prometheus --config.file=/etc/prometheus/prometheus.yml");
    assertThat(environment("prometheus"))
        .containsEntry("TIDEMARK_WRITE_TOKEN", SECRETS.get("TIDEMARK_WRITE_TOKEN"));
    assertThat(RepoFiles.read("deploy/prometheus.yml"))
        .contains("credentials_file: /tmp/tidemark-write-token");
    assertThat(RepoFiles.read("deploy/agent.properties")).doesNotContain("agent.server.token");
  }

  @Test
  void portsHealthcheckAndClientsAgreeWithServerHttpPort() {
    int port = serverConfig().integer(ConfigKey.HTTP_PORT);
    assertThat(strings(service("tidemark").get("ports"))).contains(port + ":" + port);
    String health =
        String.join(" ", strings(map(service("tidemark").get("healthcheck")).get("test")));
    assertThat(health).contains("http://127.0.0.1:" + port + "/ready");
    assertThat(RepoFiles.read("Dockerfile")).contains("EXPOSE " + port);
    String url = "http://tidemark:" + port;
    assertThat(RepoFiles.read("deploy/agent.properties"))
        .contains("agent.server.url=" + url + "\n");
    assertThat(RepoFiles.read("deploy/prometheus.yml"))
        .contains("\"tidemark:" + port + "\"")
        .contains("url: " + url + "/api/v1/write");
    Map<String, Object> datasource =
        map(
            ((List<?>)
                    RepoFiles.yaml("grafana-dashboards/provisioning/datasources/tidemark.yaml")
                        .get("datasources"))
                .get(0));
    assertThat(datasource.get("url")).isEqualTo(url);
    assertThat(datasource.get("type")).isEqualTo("prometheus");
  }

  @Test
  void startupOrderFollowsHealth() {
    assertThat(map(map(service("tidemark").get("depends_on")).get("timescaledb")))
        .containsEntry("condition", "service_healthy");
    for (String s : List.of("agent", "grafana")) {
      assertThat(map(map(service(s).get("depends_on")).get("tidemark")))
          .containsEntry("condition", "service_healthy");
    }
    for (String s : List.of("timescaledb", "tidemark", "grafana")) {
      assertThat(service(s)).as(s).containsKey("healthcheck");
    }
  }

  @Test
  void namedVolumesAreDeclaredAndMountedFilesExist() {
    Map<String, Object> declared = map(compose.get("volumes"));
    services.forEach(
        (name, s) -> {
          for (String mount : strings(map(s).getOrDefault("volumes", List.of()))) {
            String source = mount.substring(0, mount.indexOf(':'));
            if (source.startsWith("./")) {
              assertThat(Files.exists(RepoFiles.ROOT.resolve(source))).as(mount).isTrue();
            } else {
              assertThat(declared)
                  .as("%s: volume %s is declared", name, source)
                  .containsKey(source);
            }
          }
        });
    assertThat(strings(service("timescaledb").get("volumes")))
        .anyMatch(v -> v.endsWith(":/var/lib/postgresql/data"));
    assertThat(strings(service("tidemark").get("volumes")))
        .anyMatch(v -> v.endsWith(":" + serverConfig().string(ConfigKey.DATA_DIR)));
  }

  @Test
  void theAgentRunsItsCliWithTheMountedConfig() {
    assertThat(strings(service("agent").get("command")))
        .containsExactly("tidemark-agent", "run", "--config", "/etc/tidemark/agent.properties");
    assertThat(strings(service("agent").get("volumes")))
        .contains("./deploy/agent.properties:/etc/tidemark/agent.properties:ro");
    assertThat(strings(service("grafana").get("volumes")))
        .contains("./grafana-dashboards/provisioning:/etc/grafana/provisioning:ro");
  }

  @Test
  void theDockerfileBuildsBothTargetsWithTheChronicleFlags() {
    String dockerfile = RepoFiles.read("Dockerfile");
    for (String s : List.of("tidemark", "agent")) {
      String target = map(service(s).get("build")).get("target").toString();
      assertThat(dockerfile).contains(" AS " + target + "\n");
    }
    Matcher flags =
        Pattern.compile("<chronicle.jvm.flags>(.*)</chronicle.jvm.flags>")
            .matcher(RepoFiles.read("pom.xml"));
    assertThat(flags.find()).isTrue();
    assertThat(dockerfile).contains("CHRONICLE_JVM_FLAGS=\"" + flags.group(1) + "\"");
    assertThat(dockerfile).doesNotContain("ENV TIDEMARK_");
  }

  @Test
  void theServerStartsWithTheDefaultHeapAndJavaOptsOverridesIt() throws Exception {
    String launcher = RepoFiles.read("bin/tidemark-server");
    int defaults = launcher.indexOf("java @\"$root/bin/tidemark-server.jvm\"");
    assertThat(defaults).isNotNegative().isLessThan(launcher.indexOf("${JAVA_OPTS:-}"));
    String dockerfile = RepoFiles.read("Dockerfile");
    assertThat(dockerfile)
        .contains("COPY bin/tidemark-server.jvm /opt/tidemark/tidemark-server.jvm\n");
    int image = dockerfile.indexOf("exec java @/opt/tidemark/tidemark-server.jvm $CHRONICLE");
    assertThat(image).isNotNegative().isLessThan(dockerfile.indexOf("$JAVA_OPTS -jar /opt"));
    assertThat(environment("tidemark")).doesNotContainKey("JAVA_OPTS");

    // the file is a java @argument file that this JVM reads, and a later -Xmx wins over its own
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String file = "@" + RepoFiles.ROOT.resolve("bin/tidemark-server.jvm");
    Matcher xmx =
        Pattern.compile("(?m)^-Xmx(\\d+)m$").matcher(RepoFiles.read("bin/tidemark-server.jvm"));
    assertThat(xmx.find()).isTrue();
    assertThat(maxHeap(java, file)).isEqualTo(Long.parseLong(xmx.group(1)) << 20);
    assertThat(maxHeap(java, file, "-Xmx1g")).isEqualTo(1L << 30);
  }

  private static long maxHeap(String... command) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(command));
    cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    Matcher m = Pattern.compile("\\bMaxHeapSize\\s+=\\s+(\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Long.parseLong(m.group(1));
  }

  static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
