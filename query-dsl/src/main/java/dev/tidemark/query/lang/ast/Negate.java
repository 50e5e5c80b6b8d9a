package dev.tidemark.query.lang.ast;

/** Unary minus. */
public record Negate(Expr operand, int pos) implements Expr {
  @Override
  public String toString() {
    return "-" + operand;
  }
}
