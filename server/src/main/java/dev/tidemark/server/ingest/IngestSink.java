package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.storage.SampleWriter;
import io.vertx.core.Future;

/**
 * Where every ingest protocol hands its validated batches. The Future succeeds once the batch is
 * durable; only then does the handler answer 2xx.
 */
public interface IngestSink {
  Future<SampleWriter.Outcome> write(Batch batch);
}
