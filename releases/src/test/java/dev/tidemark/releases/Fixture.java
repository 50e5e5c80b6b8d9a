package dev.tidemark.releases;

import dev.tidemark.releases.artifact.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Test fixtures under {@code src/test/resources/releases/} as artifacts (the server's tests read
 * them too, through this module's test jar).
 */
public final class Fixture {
  private Fixture() {}

  /** {@code releases/<path>}, named by its file name. */
  public static Artifact of(String path) {
    String text = resource("releases/" + path);
    if (text == null) {
      throw new IllegalArgumentException("no fixture releases/" + path);
    }
    return new Artifact(path.substring(path.lastIndexOf('/') + 1), text);
  }

  /** A class-path resource as text, or null. */
  public static String resource(String path) {
    try (InputStream in = Fixture.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
