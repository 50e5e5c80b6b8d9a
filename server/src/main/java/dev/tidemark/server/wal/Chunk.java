package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import java.util.List;

/**
 * Consecutive write-ahead entries, decoded: their batches and queue indexes in order, their size in
 * the queue, and when the first was appended (epoch ms).
 */
record Chunk(List<Batch> batches, List<Long> indexes, long bytes, long firstAppend) {
  /** Stands in for an entry that is skipped: writing it stores nothing but the position. */
  static final Batch SKIPPED = new Batch(null, 0, List.of(), List.of());

  long lastIndex() {
    return indexes.get(indexes.size() - 1);
  }
}
