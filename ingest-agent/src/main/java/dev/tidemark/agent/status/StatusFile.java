package dev.tidemark.agent.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code status.json} in the spool directory: a flat JSON object the running agent rewrites every
 * status interval and {@code tidemark-agent status} reads. Replaced atomically, so a reader never
 * sees half of it.
 */
public final class StatusFile {
  public static final String FILE = "status.json";
  private static final JsonFactory JSON = new JsonFactory();

  private StatusFile() {}

  public static Path in(Path spoolDir) {
    return spoolDir.resolve(FILE);
  }

  static void write(Path file, Map<String, Object> values) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : values.entrySet()) {
        Object v = e.getValue();
        if (v instanceof Number n) {
          g.writeNumberField(e.getKey(), n.longValue());
        } else if (v instanceof Boolean b) {
          g.writeBooleanField(e.getKey(), b);
        } else {
          g.writeStringField(e.getKey(), String.valueOf(v));
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.writeString(tmp, out + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write status: " + e + " [file=" + file + "]", e);
    }
  }

  /** The status as text values by name. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(Files.readAllBytes(file))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("cannot read status: not a JSON object [file=" + file + "]");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        values.put(name, p.getValueAsString());
      }
    }
    return values;
  }
}
