package dev.tidemark.query.promql;

import java.util.List;
import java.util.Map;

/** The result of a PromQL query, shaped like the Prometheus HTTP API's {@code data}. */
public sealed interface PromResult {

  /** {@code scalar}: one value at the query time. */
  record Scalar(long time, double value) implements PromResult {}

  /** {@code string}: one string at the query time. */
  record Str(long time, String value) implements PromResult {}

  /** {@code vector}: one sample per series at the query time. */
  record Vector(long time, List<Sample> samples) implements PromResult {}

  /** {@code matrix}: the samples of each series (range queries, and range-vector results). */
  record Matrix(List<Series> series) implements PromResult {}

  /** One sample of a vector; labels include {@code __name__} when the series keeps one. */
  record Sample(Map<String, String> labels, double value) {}

  /** One series of a matrix; times in epoch ms, ascending. */
  record Series(Map<String, String> labels, long[] times, double[] values) {}

  /** The {@code resultType} of the HTTP API. */
  default String resultType() {
    if (this instanceof Scalar) {
      return "scalar";
    }
    if (this instanceof Str) {
      return "string";
    }
    return this instanceof Vector ? "vector" : "matrix";
  }
}
