package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the output of an operation step by step into series keyed by their labels, in first-seen
 * order. Two samples with the same labels at one step are Prometheus' "vector cannot contain
 * metrics with the same labelset" error.
 */
final class SeriesSet {
  private final int steps;
  private final Map<Map<String, String>, StepSeries> series = new LinkedHashMap<>();

  SeriesSet(int steps) {
    this.steps = steps;
  }

  void add(Map<String, String> labels, int step, double value) {
    put(of(labels), step, value);
  }

  /**
   * The output series with these labels, for a caller that writes one series step by step: it looks
   * the labels up once, not once per sample.
   */
  StepSeries of(Map<String, String> labels) {
    return series.computeIfAbsent(labels, l -> new StepSeries(l, steps));
  }

  /** Sets one sample of a series from {@link #of}; a second sample at the step is an error. */
  static void put(StepSeries s, int step, double value) {
    if (s.has(step)) {
      throw PromQlException.execution(
          "vector cannot contain metrics with the same labelset [labels=" + s.labels() + "]");
    }
    s.set(step, value);
  }

  /** The series with at least one sample. */
  Value.Vector vector() {
    return new Value.Vector(list());
  }

  List<StepSeries> list() {
    List<StepSeries> out = new ArrayList<>(series.size());
    for (StepSeries s : series.values()) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
