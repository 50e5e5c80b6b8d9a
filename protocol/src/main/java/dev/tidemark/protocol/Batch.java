package dev.tidemark.protocol;

import java.util.List;

/**
 * What an agent sends in one request. {@code agent} and {@code batch} identify it: the server
 * stores a batch it has already stored no second time. Protocols without batch ids (Prometheus
 * remote_write, Influx line protocol) pass a null agent.
 */
public record Batch(
    String agent, long batch, List<Sample> samples, List<HistogramSample> histograms) {
  public Batch {
    samples = List.copyOf(samples);
    histograms = List.copyOf(histograms);
  }

  public int size() {
    return samples.size() + histograms.size();
  }
}
