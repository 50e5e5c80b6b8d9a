package dev.tidemark.agent.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code status.json} in the spool directory: a flat JSON object the running agent rewrites every
 * status interval and {@code tidemark-agent status} reads. The running agent writes it into a
 * memory-mapped page, padded with spaces ({@link Mapped}): no system call and no new file per
 * interval. A reader that catches it mid-write (the JSON does not parse) reads again.
 */
public final class StatusFile {
  public static final String FILE = "status.json";
  private static final JsonFactory JSON = new JsonFactory();

  private StatusFile() {}

  public static Path in(Path spoolDir) {
    return spoolDir.resolve(FILE);
  }

  /** The status file mapped into memory, rewritten in place. */
  static final class Mapped implements AutoCloseable {
    private static final int SIZE = 16 << 10;
    private final MappedByteBuffer page;
    private final Path file;
    private final Path tmp;
    private boolean published;
    private int length = SIZE; // of the last status written: what a shorter one must blank out

    /** A new page under a temporary name; it replaces {@code file} once it holds a status. */
    Mapped(Path file) {
      this.file = file;
      this.tmp = file.resolveSibling(FILE + ".tmp");
      try {
        Files.deleteIfExists(tmp);
        try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
          page = ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write status: " + e + " [file=" + tmp + "]", e);
      }
    }

    void write(Map<String, Object> values) {
      byte[] json = (render(values) + "\n").getBytes(StandardCharsets.UTF_8);
      int n = Math.min(json.length, SIZE);
      page.put(0, json, 0, n);
      for (int i = n; i < length; i++) {
        page.put(i, (byte) ' ');
      }
      length = n;
      if (!published) { // the mapping outlives the rename: later writes land in status.json
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write status: " + e + " [file=" + file + "]", e);
        }
        published = true;
      }
    }

    @Override
    public void close() {}
  }

  static void write(Path file, Map<String, Object> values) {
    String out = render(values);
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.writeString(tmp, out + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write status: " + e + " [file=" + file + "]", e);
    }
  }

  private static String render(Map<String, Object> values) {
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
    return out.toString();
  }

  /** The status as text values by name. */
  public static Map<String, String> read(Path file) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return readOnce(file);
      } catch (IOException e) {
        if (attempt == 5 || e instanceof java.nio.file.NoSuchFileException) {
          throw e;
        }
        try {
          Thread.sleep(5); // caught mid-write: the writer is done in microseconds
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static Map<String, String> readOnce(Path file) throws IOException {
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
