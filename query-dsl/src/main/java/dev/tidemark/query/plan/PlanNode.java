package dev.tidemark.query.plan;

import dev.tidemark.query.source.SeriesFetch;

/** The executable form of an expression: fetches combined by arithmetic. */
public sealed interface PlanNode {

  /** Display name of the series this node produces. */
  String name();

  /** One storage fetch. */
  record Fetch(SeriesFetch fetch, String name) implements PlanNode {}

  /** A constant. */
  record Scalar(double value, String name) implements PlanNode {}

  /** {@code left op right}. */
  record Arithmetic(char op, PlanNode left, PlanNode right, String name) implements PlanNode {}

  /** Unary minus. */
  record Negation(PlanNode operand, String name) implements PlanNode {}
}
