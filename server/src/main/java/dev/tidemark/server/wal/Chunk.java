package dev.tidemark.server.wal;

import dev.tidemark.protocol.Batch;
import java.util.ArrayList;
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

  /** Collects consecutive entries; the first append time is that of the first readable entry. */
  static final class Builder {
    private final List<Batch> batches = new ArrayList<>();
    private final List<Long> indexes = new ArrayList<>();
    private long bytes;
    private long firstAppend;
    private int rows;

    void add(Batch batch, long index, long size, long appendMillis) {
      batches.add(batch);
      indexes.add(index);
      bytes += size;
      rows += batch.size();
      if (firstAppend == 0) {
        firstAppend = appendMillis;
      }
    }

    boolean isEmpty() {
      return batches.isEmpty();
    }

    int rows() {
      return rows;
    }

    long firstAppend() {
      return firstAppend;
    }

    Chunk build() {
      return new Chunk(batches, indexes, bytes, firstAppend);
    }
  }
}
