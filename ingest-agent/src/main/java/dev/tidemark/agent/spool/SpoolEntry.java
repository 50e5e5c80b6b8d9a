package dev.tidemark.agent.spool;

import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import java.util.List;

/**
 * One spooled entry: its queue index, when it was appended (epoch ms), its size in the spool, and
 * either the samples appended together (one, or a whole scrape) or a histogram.
 */
public record SpoolEntry(
    long index, long appendedAt, int bytes, List<Sample> samples, HistogramSample histogram) {

  /** Samples or histograms it holds. */
  public int items() {
    return histogram != null ? 1 : samples.size();
  }
}
