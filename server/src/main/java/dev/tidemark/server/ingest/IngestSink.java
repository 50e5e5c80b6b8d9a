package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Batch;
import java.util.List;

/**
 * Where every ingest protocol hands its validated batches. {@link #append} returns once the batch
 * is durable; only then does the handler answer 2xx. It blocks, so {@link IngestRoute} calls it on
 * the worker thread that parsed the request — one hop off the event loop per request.
 */
public interface IngestSink {
  /**
   * Makes the batch durable.
   *
   * @throws dev.tidemark.server.db.OverloadedException when a bound is exceeded (503, Retry-After)
   */
  void append(Batch batch);

  /**
   * Makes samples in columns durable: remote_write's and line protocol's hot path. The write-ahead
   * sink writes them as they are; this default turns them into a batch for any other sink.
   */
  default void append(SampleColumns samples) {
    append(new Batch(samples.agent(), samples.batch(), samples.toSamples(), List.of()));
  }
}
