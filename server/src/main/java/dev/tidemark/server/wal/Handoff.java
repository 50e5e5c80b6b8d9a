package dev.tidemark.server.wal;

import dev.tidemark.server.ingest.SampleColumns;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Samples in columns as ingest appended them, kept in memory for the head feed so it need not
 * decode their entry again: each request's columns, already resolved to their series, by queue
 * index. Offered under the queue's append lock, so in index order; taken by index. Bounded by the
 * samples held (about 24 bytes each, references and longs): when the feed falls that far behind,
 * offers are dropped and it reads those entries from the queue, at about three times the cost. The
 * bound covers about a second of a fast burst, so a feed held up for a moment (it creates the
 * database ids of new series itself) takes the burst from memory still. Ingest does not change
 * columns after appending them, so they are kept, not copied.
 */
final class Handoff {
  /** Samples held at most: 1,000 requests of 1,000, some 24 MB. */
  static final long MAX_SAMPLES = 1_000_000;

  record Appended(long index, SampleColumns columns) {}

  private final ConcurrentLinkedQueue<Appended> held = new ConcurrentLinkedQueue<>();
  private final AtomicLong samples = new AtomicLong();

  /** Keeps the columns appended at {@code index}; dropped when the feed is too far behind. */
  void offer(long index, SampleColumns columns) {
    if (samples.get() + columns.size() <= MAX_SAMPLES) {
      samples.addAndGet(columns.size());
      held.add(new Appended(index, columns));
    }
  }

  /** Hands {@code each} the columns held now, oldest first (those offered meanwhile may follow). */
  void forEachHeld(Consumer<SampleColumns> each) {
    for (Appended a : held) {
      each.accept(a.columns());
    }
  }

  /**
   * The columns appended at {@code index}, or null when they were not handed over (another kind of
   * entry, dropped, or appended before this start): the caller reads the entry instead. Drops any
   * held for earlier indexes.
   */
  SampleColumns take(long index) {
    for (Appended a = held.peek(); a != null; a = held.peek()) {
      if (a.index() > index) {
        return null;
      }
      held.poll();
      samples.addAndGet(-a.columns().size());
      if (a.index() == index) {
        return a.columns();
      }
    }
    return null;
  }
}
