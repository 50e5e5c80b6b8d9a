package dev.tidemark.query.promql.eval;

import java.util.List;
import java.util.Map;

/** What evaluating an expression over a {@link Timeline} gives. */
public sealed interface Value {

  /** A scalar per step. */
  record Scalar(double[] values) implements Value {}

  /** An instant vector per step. */
  record Vector(List<StepSeries> series) implements Value {}

  /** A string (instant queries only, in practice). */
  record Str(String value) implements Value {}

  /** A range vector: raw samples per series (only as the result of an instant query). */
  record Matrix(List<RawSeries> series) implements Value {}

  /** Raw samples of one series, ascending by time. */
  record RawSeries(Map<String, String> labels, long[] times, double[] values) {}
}
