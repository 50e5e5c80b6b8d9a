package dev.tidemark.server.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.releases.gate.Gate;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub Actions example (deploy/github-actions/release-gate.yml) runs as written: its demo
 * step's command runs against a real server, and its gate step's command line passes.
 */
class ReleaseGateWorkflowTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String DEFAULT_URL = "http://127.0.0.1:8470";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> step(List<Map<String, Object>> steps, String name) {
    return steps.stream()
        .filter(s -> name.equals(s.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step named " + name));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWorkflowsStepsRunAndTheGatePasses() throws Exception {
    Map<String, Object> wf =
        new Yaml()
            .load(
                Files.readString(
                    ROOT.resolve("deploy/github-actions/release-gate.yml"),
                    StandardCharsets.UTF_8));
    List<Map<String, Object>> steps =
        (List<Map<String, Object>>)
            ((Map<String, Object>) ((Map<String, Object>) wf.get("jobs")).get("gate")).get("steps");
    assertThat((String) step(steps, "Build Tidemark").get("run"))
        .contains("-pl server -am package");
    assertThat((String) step(steps, "Start Tidemark").get("run"))
        .contains("bin/tidemark-server")
        .contains(DEFAULT_URL + "/ready");

    boolean curl =
        java.util.stream.Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "curl")));
    if (!curl) {
      System.err.println("SKIPPED workflow example: curl is not installed (.ci/run installs it)");
      org.junit.jupiter.api.Assumptions.abort("curl is not installed");
    }
    try (Tidemark server = TestServer.start(Map.of())) {
      String url = "http://127.0.0.1:" + server.port();
      String demo = ((String) step(steps, "Benchmark and snapshot both releases").get("run"));
      assertThat(demo).contains(DEFAULT_URL);
      Process p =
          new ProcessBuilder("bash", "-c", demo.replace(DEFAULT_URL, url))
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();

      Map<String, Object> gate = step(steps, "Release gate");
      assertThat(((Map<String, Object>) gate.get("env")).get("TIDEMARK_SERVER"))
          .isEqualTo(DEFAULT_URL);
      String run = ((String) gate.get("run")).strip();
      assertThat(run).startsWith("bin/tidemark gate ");
      assertThat(Files.readString(ROOT.resolve("bin/tidemark"))).contains("gate) ;;");
      String[] args = run.substring("bin/tidemark ".length()).split("\\s+");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          Gate.run(
              args,
              Map.of("TIDEMARK_SERVER", url),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as(Arrays.toString(args) + "\n" + out + err).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("demo v1 → v2: PASSED")
          .contains("recommendation: approve");
    }
  }
}
