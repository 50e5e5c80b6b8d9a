package dev.tidemark.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tidemark.alerting.rules.RuleException;
import dev.tidemark.alerting.rules.RuleFiles;
import dev.tidemark.alerting.rules.RuleGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's alerting examples are valid as written. */
class ReadmeAlertingTest {
  static final Duration MINUTE = Duration.ofMinutes(1);

  static String section() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Alerting");
    return readme.substring(start, readme.indexOf("\n## ", start + 5));
  }

  static List<String> yamlBlocks(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theRuleFileParsesAndItsErrorIsTheOneQuoted() throws Exception {
    String section = section();
    String file = yamlBlocks(section).get(0);
    List<RuleGroup> groups = RuleFiles.parse("rules.yml", file, MINUTE);
    assertThat(groups.get(0).rules()).hasSize(3);
    RuleException e =
        catchThrowableOfType(
            RuleException.class,
            () -> RuleFiles.parse("rules.yml", file.replace("for: 5m", "for: ten"), MINUTE));
    assertThat(section).contains(e.getMessage());
  }

  @Test
  void theRestBodyIsAGroup() throws Exception {
    String section = section();
    Matcher m = Pattern.compile("<<'EOF'\n(.*?)\nEOF", Pattern.DOTALL).matcher(section);
    assertThat(m.find()).isTrue();
    RuleGroup g = RuleFiles.parseGroup("api", m.group(1), MINUTE);
    assertThat(g.name()).isEqualTo("disk");
  }

  @Test
  void theAlertmanagerConfigPassesAmtool() throws Exception {
    Path amtool = Path.of("/usr/bin/amtool");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(amtool), "amtool is not installed (.ci/run installs Debian's)");
    Path config = Files.createTempFile("alertmanager", ".yml");
    config.toFile().deleteOnExit();
    Files.writeString(config, yamlBlocks(section()).get(1));
    Process p =
        new ProcessBuilder(amtool.toString(), "check-config", config.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
