package dev.tidemark.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.query.eval.Frame;
import dev.tidemark.query.eval.FrameJson;
import dev.tidemark.query.lang.Parser;
import dev.tidemark.query.source.memory.InMemoryDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every query in a {@code ```dsl} block of README.md parses, runs over {@link ExampleData}, and
 * prints exactly the output block that follows it. Run with {@code -Dreadme.update=true} to rewrite
 * the output blocks after a deliberate change.
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("README.md");
  private static final Pattern EXAMPLE =
      Pattern.compile("```dsl\\n([^`]*)```\\n\\n```(text|json)\\n([^`]*)```");
  private static final Pattern ANY_DSL = Pattern.compile("```dsl\\n([^`]*)```");

  @Test
  void everyDocumentedQueryParses() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher m = ANY_DSL.matcher(readme);
    int n = 0;
    while (m.find()) {
      Parser.parse(m.group(1));
      n++;
    }
    assertThat(n).isGreaterThanOrEqualTo(15);
  }

  @Test
  void everyWorkedExampleShowsItsRealOutput() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    InMemoryDataSource data = ExampleData.build();
    Matcher m = EXAMPLE.matcher(readme);
    StringBuilder updated = new StringBuilder();
    int examples = 0;
    boolean update = Boolean.getBoolean("readme.update");
    while (m.find()) {
      String query = m.group(1);
      List<Frame> frames = TidemarkQuery.run(query, ExampleData.context(), data);
      String actual =
          m.group(2).equals("json") ? pretty(FrameJson.write(frames)) : FrameText.render(frames);
      if (update) {
        m.appendReplacement(
            updated,
            Matcher.quoteReplacement(
                "```dsl\n" + query + "```\n\n```" + m.group(2) + "\n" + actual + "```"));
      } else {
        assertThat(actual).as(query).isEqualTo(m.group(3));
      }
      examples++;
    }
    if (update) {
      m.appendTail(updated);
      Files.writeString(README, updated.toString(), StandardCharsets.UTF_8);
    }
    assertThat(examples).isGreaterThanOrEqualTo(15);
  }

  /** One frame per line keeps the JSON readable without a pretty-printer. */
  private static String pretty(String json) {
    return json.replace("{\"frames\":[{", "{\"frames\":[\n  {")
            .replace("},{\"name\"", "},\n  {\"name\"")
            .replace("]}]}", "]}\n]}")
        + "\n";
  }
}
