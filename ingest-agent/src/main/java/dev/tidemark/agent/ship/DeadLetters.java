package dev.tidemark.agent.ship;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Batches the server refused, one JSON line each in {@code dead-letters.jsonl}: the batch id, the
 * HTTP status, the server's message and the batch itself (omitted once the file passes {@code
 * maxBytes}, so the file stays bounded while still counting every refusal).
 */
public final class DeadLetters {
  public static final String FILE = "dead-letters.jsonl";
  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final long maxBytes;
  private final AtomicLong count = new AtomicLong();

  public DeadLetters(Path spoolDir, long maxBytes) {
    this.file = spoolDir.resolve(FILE);
    this.maxBytes = maxBytes;
    count.set(countLines(file));
  }

  public static long countLines(Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dead letters: " + e + " [file=" + file + "]", e);
    }
  }

  void add(String agent, long batch, int status, String message, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("agent", agent);
      g.writeNumberField("batch", batch);
      g.writeNumberField("deadAt", System.currentTimeMillis());
      g.writeNumberField("status", status);
      g.writeStringField("message", message);
      if (size() + body.length < maxBytes) {
        g.writeFieldName("body");
        g.writeRawValue(new String(body, StandardCharsets.UTF_8));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    try (FileOutputStream f = new FileOutputStream(file.toFile(), true)) {
      f.write(out.toByteArray());
      f.getFD().sync();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dead letter: " + e + " [file=" + file + "]", e);
    }
    count.incrementAndGet();
  }

  private long size() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  public long count() {
    return count.get();
  }

  public Path file() {
    return file;
  }
}
