package dev.tidemark.releases.snapshot;

import static org.assertj.core.api.Assertions.fail;

import dev.tidemark.releases.Fixture;
import dev.tidemark.releases.artifact.Artifact;
import dev.tidemark.releases.artifact.ArtifactException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Truncated and mutated versions of every fixture: each either parses or is refused with an {@link
 * ArtifactException} (a 400 naming the file); nothing else escapes.
 */
class SnapshotFuzzTest {
  private static final List<String> FIXTURES =
      List.of(
          "shop/v1/dependency-list.txt",
          "shop/v2/package-lock.json",
          "shop/v1/requirements.txt",
          "shop/v2/go.sum",
          "shop/v2/TEST-shop.CartTest.xml",
          "shop/v1/jacoco.xml",
          "shop/v2/osv-scanner.json",
          "shop/v1/environment.json",
          "parsers/pom.xml",
          "parsers/go.mod",
          "parsers/package.json",
          "parsers/package-lock-v1.json",
          "parsers/pip-audit.json",
          "parsers/npm-audit-v7.json",
          "parsers/npm-audit-v6.json");
  private static final char[] NOISE = "<>{}[]\"'=:,\\/&;#\n \u0000é-_.0123456789".toCharArray();

  @Test
  void truncatedInputIsRefusedOrParsedNeverACrash() {
    for (String path : FIXTURES) {
      Artifact a = Fixture.of(path);
      String text = a.content();
      for (int cut = 0; cut < text.length(); cut += Math.max(1, text.length() / 60)) {
        check(new Artifact(a.name(), text.substring(0, cut)));
      }
    }
  }

  @Test
  void mutatedInputIsRefusedOrParsedNeverACrash() {
    Random random = new Random(42);
    for (String path : FIXTURES) {
      Artifact a = Fixture.of(path);
      for (int i = 0; i < 150; i++) {
        char[] chars = a.content().toCharArray();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && chars.length > 0; e++) {
          chars[random.nextInt(chars.length)] = NOISE[random.nextInt(NOISE.length)];
        }
        check(new Artifact(a.name(), new String(chars)));
      }
      byte[] bytes = new byte[64 + random.nextInt(512)];
      random.nextBytes(bytes);
      check(
          new Artifact(a.name(), new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
  }

  private static void check(Artifact a) {
    try {
      SnapshotParser.parse(List.of(a), Arrays.asList((String) null), null);
    } catch (ArtifactException e) {
      if (!e.getMessage().startsWith("cannot parse " + a.name() + ": ")) {
        fail("error does not name the file: " + e.getMessage());
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("crash on " + a.name() + " input:\n" + a.content(), e);
    }
  }
}
