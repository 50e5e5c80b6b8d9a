package dev.tidemark.query.eval;

import java.util.List;

/** The result of evaluating a plan node: a scalar or a set of series. */
sealed interface Value {

  record Scalar(double value) implements Value {}

  record Vector(List<Series> series) implements Value {
    public Vector {
      series = List.copyOf(series);
    }
  }
}
