package dev.tidemark.releases.artifact;

import dev.tidemark.releases.json.JsonException;
import dev.tidemark.releases.json.JsonObject;

/** Decodes a JSON artifact; a syntax error names the file and the line. */
public final class JsonText {
  private JsonText() {}

  public static JsonObject object(Artifact artifact) {
    String text = artifact.content();
    if (text.isBlank()) {
      throw new ArtifactException(artifact.name(), 0, "empty file");
    }
    try {
      return new JsonObject(text);
    } catch (JsonException e) {
      String cause =
          e.detail().startsWith("not a JSON") ? e.detail() : "malformed JSON (" + e.detail() + ")";
      throw new ArtifactException(artifact.name(), e.line(), cause);
    }
  }
}
