package dev.tidemark.agent.spool;

/** Reads the spool in order. Not thread-safe: the shipper owns it. */
public interface SpoolCursor extends AutoCloseable {

  /** Positions so the next entry read is the one after {@code index}; -1 means the start. */
  void seekAfter(long index);

  /** Positions so the next entry read is {@code index}. */
  void seekTo(long index);

  /** The next entry, or null when none is there yet. */
  SpoolEntry next();

  @Override
  void close();
}
