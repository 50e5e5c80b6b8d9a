package dev.tidemark.query.lang.ast;

/** Arithmetic: {@code left op right} with op one of {@code + - * /}. */
public record Binary(char op, Expr left, Expr right, int pos) implements Expr {
  @Override
  public String toString() {
    return "(" + left + " " + op + " " + right + ")";
  }
}
