package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.db.OverloadedException;
import dev.tidemark.server.ingest.IngestSink;
import dev.tidemark.server.storage.SampleWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Acknowledges a batch once it is in the write-ahead queue. The append runs on a worker thread (it
 * touches a memory-mapped file); when the queue's bounds are exceeded the batch is refused with 503
 * and Retry-After instead.
 */
public final class WalSink implements IngestSink {
  private final Vertx vertx;
  private final WriteAheadLog wal;
  private final Backpressure backpressure;

  public WalSink(Vertx vertx, WriteAheadLog wal, Backpressure backpressure) {
    this.vertx = vertx;
    this.wal = wal;
    this.backpressure = backpressure;
  }

  @Override
  public Future<SampleWriter.Outcome> write(Batch batch) {
    String refusal = backpressure.refusal();
    if (refusal != null) {
      return Future.failedFuture(
          new OverloadedException(
              "cannot accept batch now: " + refusal, backpressure.retryAfterSeconds()));
    }
    return vertx.executeBlocking(
        () -> {
          wal.append(batch);
          return SampleWriter.Outcome.STORED;
        },
        false);
  }
}
