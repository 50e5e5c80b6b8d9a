package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Batch;
import dev.tidemark.server.http.ServerMetrics;
import dev.tidemark.server.storage.SampleWriter;
import dev.tidemark.server.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Writes each batch straight to the database on the storage threads, then acknowledges it. */
public final class DirectSink implements IngestSink {
  private final Vertx vertx;
  private final Storage storage;
  private final ServerMetrics metrics;

  public DirectSink(Vertx vertx, Storage storage, ServerMetrics metrics) {
    this.vertx = vertx;
    this.storage = storage;
    this.metrics = metrics;
  }

  @Override
  public Future<SampleWriter.Outcome> write(Batch batch) {
    return storage
        .database()
        .submit(
            vertx.getOrCreateContext(),
            () -> {
              long started = System.nanoTime();
              SampleWriter.Outcome outcome = storage.writer().write(batch);
              metrics.recordWrite(System.nanoTime() - started);
              return outcome;
            });
  }
}
