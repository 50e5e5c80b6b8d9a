package dev.tidemark.protocol;

import org.HdrHistogram.AbstractHistogram;

/**
 * A latency distribution of one series over one interval ending at {@code timestamp}. The unit
 * ("us", "ms", "ns", "s" or "") says what the histogram's integer values count.
 */
public record HistogramSample(
    String metric, Labels labels, long timestamp, String unit, AbstractHistogram histogram) {}
