package dev.tidemark.agent.spool;

import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;

/**
 * One spooled item: its queue index, when it was appended (epoch ms), its size in the spool, and
 * either a sample or a histogram.
 */
public record SpoolEntry(
    long index, long appendedAt, int bytes, Sample sample, HistogramSample histogram) {}
