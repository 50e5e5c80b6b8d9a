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
    StepSeries s = series.computeIfAbsent(labels, l -> new StepSeries(l, steps));
    if (s.has(step)) {
      throw PromQlException.execution(
          "vector cannot contain metrics with the same labelset [labels=" + labels + "]");
    }
    s.set(step, value);
  }

  Value.Vector vector() {
    return new Value.Vector(new ArrayList<>(series.values()));
  }

  List<StepSeries> list() {
    return new ArrayList<>(series.values());
  }
}
