package dev.tidemark.server.releases.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

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
    } catch (DecodeException | ClassCastException e) {
      int line = 0;
      String cause = "not a JSON object";
      if (e.getCause() instanceof JsonProcessingException jpe) {
        line = jpe.getLocation() == null ? 0 : jpe.getLocation().getLineNr();
        cause = "malformed JSON (" + jpe.getOriginalMessage() + ")";
      }
      throw new ArtifactException(artifact.name(), line, cause);
    }
  }
}
