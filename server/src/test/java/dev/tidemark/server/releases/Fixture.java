package dev.tidemark.server.releases;

import dev.tidemark.server.releases.artifact.Artifact;

/** Test fixtures under {@code src/test/resources/releases/} as artifacts. */
public final class Fixture {
  private Fixture() {}

  /** {@code releases/<path>}, named by its file name. */
  public static Artifact of(String path) {
    String text = ReleaseFixtures.resource("releases/" + path);
    if (text == null) {
      throw new IllegalArgumentException("no fixture releases/" + path);
    }
    return new Artifact(path.substring(path.lastIndexOf('/') + 1), text);
  }
}
