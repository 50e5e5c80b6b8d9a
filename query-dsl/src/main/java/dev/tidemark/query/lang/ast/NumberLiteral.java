package dev.tidemark.query.lang.ast;

/** A scalar constant. */
public record NumberLiteral(double value, int pos) implements Expr {
  @Override
  public String toString() {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
