package dev.tidemark.query.promql.eval;

import java.util.List;
import java.util.Map;

/** What evaluating an expression over a {@link Timeline} gives. */
public sealed interface Value {

  /** A scalar per step. */
  record Scalar(double[] values) implements Value {}

  /**
   * An instant vector per step.
   *
   * @param ordered whether the order of {@code series} is the answer's (after {@code sort}); else
   *     an instant query's answer is sorted by labels
   */
  record Vector(List<StepSeries> series, boolean ordered) implements Value {
    public Vector(List<StepSeries> series) {
      this(series, false);
    }
  }

  /** A string (instant queries only, in practice). */
  record Str(String value) implements Value {}

  /** A range vector: raw samples per series (only as the result of an instant query). */
  record Matrix(List<RawSeries> series) implements Value {}

  /**
   * Raw samples of one series, ascending by time: the first {@code size} of each column (a series
   * streamed from a source's buffer has longer ones, valid only while it is evaluated).
   */
  record RawSeries(Map<String, String> labels, long[] times, double[] values, int size) {
    RawSeries(Map<String, String> labels, long[] times, double[] values) {
      this(labels, times, values, times.length);
    }
  }
}
