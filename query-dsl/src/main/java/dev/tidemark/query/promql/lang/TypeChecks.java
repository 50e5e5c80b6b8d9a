package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;

/** The type rules of PromQL's operators and calls, with Prometheus' messages. */
final class TypeChecks {

  private TypeChecks() {}

  static void check(Expr e, ValueType want, String context, Token at) {
    if (e.type() != want) {
      throw PromQlException.parse(
          "expected type "
              + want.documented()
              + " in "
              + context
              + ", got "
              + e.type().documented(),
          at.position());
    }
  }

  static Expr binary(Token op, Expr lhs, Expr rhs, boolean bool, Expr.Matching matching) {
    for (Expr side : new Expr[] {lhs, rhs}) {
      if (side.type() != ValueType.SCALAR && side.type() != ValueType.VECTOR) {
        throw PromQlException.parse(
            "binary expression must contain only scalar and instant vector types", op.position());
      }
    }
    Expr.Binary b = new Expr.Binary(op.text(), lhs, rhs, bool, matching);
    boolean vectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
    if (b.setOperator() && !vectors) {
      throw PromQlException.parse(
          "set operator \"" + op.text() + "\" not allowed in binary scalar expression",
          op.position());
    }
    if (matching != Expr.Matching.DEFAULT && !b.setOperator() && !vectors) {
      throw PromQlException.parse(
          "vector matching only allowed between instant vectors", op.position());
    }
    if (b.comparison()
        && !bool
        && lhs.type() == ValueType.SCALAR
        && rhs.type() == ValueType.SCALAR) {
      throw PromQlException.parse(
          "comparisons between scalars must use BOOL modifier", op.position());
    }
    return b;
  }
}
