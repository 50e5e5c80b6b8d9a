package dev.tidemark.alerting.eval;

import java.util.Map;

/**
 * A sample a group writes: a recording rule's result, {@code ALERTS} or {@code ALERTS_FOR_STATE};
 * {@code stale} marks the end of a series that the rule no longer returns (Prometheus' staleness
 * marker).
 */
public record OutputSample(
    String metric, Map<String, String> labels, long timestamp, double value, boolean stale) {
  public OutputSample {
    labels = Map.copyOf(labels);
  }
}
