package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import io.vertx.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries the database refused, one JSON line each: the queue index, the error, and the batch in
 * the native ingest format (and its spans as an OTLP/JSON trace request under {@code otlp_traces}),
 * so it can be fixed and sent again with curl.
 */
final class DeadLetterFile {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterFile.class);

  private final Path file;

  DeadLetterFile(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  void add(long index, Batch batch, Exception cause) {
    String line =
        "{\"index\":"
            + index
            + ",\"error\":"
            + Json.encode(String.valueOf(cause.getMessage()))
            + ",\"batch\":"
            + new String(BatchCodec.encode(batch), StandardCharsets.UTF_8)
            + (batch.spans().isEmpty()
                ? ""
                : ",\"otlp_traces\":"
                    + new String(
                        dev.tidemark.traces.otlp.TraceEncoder.json(batch.spans(), "resourceSpans"),
                        StandardCharsets.UTF_8))
            + "}\n";
    try {
      Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.error("cannot write dead letter to {}: {}", file, e.toString());
    }
  }
}
