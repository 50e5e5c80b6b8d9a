package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.db.OverloadedException;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.ingest.SampleColumns;

/**
 * Acknowledges a batch once it is in the write-ahead queue; when the queue's bounds are exceeded
 * the batch is refused with 503 and Retry-After instead.
 */
public final class WalSink implements IngestSink {
  private final WriteAheadLog wal;
  private final Backpressure backpressure;

  public WalSink(WriteAheadLog wal, Backpressure backpressure) {
    this.wal = wal;
    this.backpressure = backpressure;
  }

  @Override
  public void append(Batch batch) {
    admit();
    wal.append(batch);
  }

  @Override
  public void append(SampleColumns samples) {
    admit();
    wal.append(samples);
  }

  private void admit() {
    String refusal = backpressure.refusal();
    if (refusal != null) {
      throw new OverloadedException(
          "cannot accept batch now: " + refusal, backpressure.retryAfterSeconds());
    }
  }
}
