package dev.tidemark.agent.spool;

import dev.tidemark.agent.spool.impl.ChronicleSpool;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's durable buffer: every sample is appended here first and shipped from here.
 *
 * <p>Full policy: the unshipped data ({@link #backlogBytes()}) is capped at {@code maxBytes}. When
 * the cap is reached, new samples are <em>refused</em>: {@code append} returns false and {@link
 * #refused()} counts them. Nothing already spooled is ever dropped, so what was accepted is shipped
 * exactly once. Files the shipper has moved past are deleted.
 *
 * <p>Any thread may append; each gets its own Chronicle appender.
 */
public interface Spool extends AutoCloseable {

  /**
   * Opens (or creates) the spool in {@code dir}.
   *
   * @param shippedThrough the last index already shipped, or -1: the backlog is counted from after
   *     it
   */
  static Spool open(Path dir, SpoolOptions options, long shippedThrough) {
    return ChronicleSpool.open(dir, options, shippedThrough);
  }

  /** Appends a sample; false when the spool is full (the sample is counted as refused). */
  boolean append(Sample sample);

  /**
   * Appends samples as one entry: they are shipped, and survive a crash, all together or not at all
   * (a scrape or a probe's values). False when the spool is full: every one of them is refused.
   */
  boolean appendAll(List<Sample> samples);

  /** Appends a histogram; false when the spool is full (counted as refused). */
  boolean append(HistogramSample histogram);

  /** A reader for the shipper. One at a time; use it from one thread. */
  SpoolCursor cursor();

  /** Tells the spool the entries through {@code index} are shipped: they leave the backlog. */
  void shipped(long index, int entries, long bytes);

  long backlogEntries();

  long backlogBytes();

  long maxBytes();

  long refused();

  @Override
  void close();
}
