package dev.tidemark.protocol;

import java.util.List;

/**
 * What an agent sends in one request. {@code agent} and {@code batch} identify it: the server
 * stores a batch it has already stored no second time. Protocols without batch ids (Prometheus
 * remote_write, Influx line protocol, OTLP) pass a null agent. Spans come from OTLP traces.
 */
public record Batch(
    String agent,
    long batch,
    List<Sample> samples,
    List<HistogramSample> histograms,
    List<Span> spans) {
  public Batch {
    samples = List.copyOf(samples);
    histograms = List.copyOf(histograms);
    spans = List.copyOf(spans);
  }

  /** A batch of samples and histograms only. */
  public Batch(String agent, long batch, List<Sample> samples, List<HistogramSample> histograms) {
    this(agent, batch, samples, histograms, List.of());
  }

  public int size() {
    return samples.size() + histograms.size() + spans.size();
  }
}
