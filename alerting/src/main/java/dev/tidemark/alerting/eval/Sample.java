package dev.tidemark.alerting.eval;

import java.util.Map;

/** One element of an instant result: a series' labels and its value at the evaluation time. */
public record Sample(Map<String, String> labels, double value) {
  public Sample {
    labels = Map.copyOf(labels);
  }
}
