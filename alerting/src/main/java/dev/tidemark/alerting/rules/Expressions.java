package dev.tidemark.alerting.rules;

import dev.tidemark.query.lang.Parser;
import dev.tidemark.query.lang.QueryException;
import dev.tidemark.query.promql.PromQl;
import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;

/** Parses a rule's expression in its language, so bad queries are refused when rules are read. */
public final class Expressions {
  private Expressions() {}

  /** A query that does not parse, with the offending character (0-based) or -1. */
  public static final class BadExpression extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;

    BadExpression(String message, int position) {
      super(message);
      this.position = position;
    }

    public int position() {
      return position;
    }
  }

  public static Expression compile(Language language, String text) throws BadExpression {
    if (language == Language.DSL) {
      try {
        return new Expression(language, text, Parser.parse(text));
      } catch (QueryException e) {
        throw new BadExpression("cannot parse DSL expr: " + e.reason(), e.position());
      }
    }
    Expr expr;
    try {
      expr = PromQl.parse(text);
    } catch (PromQlException e) {
      String m = e.getMessage();
      int cut = m.lastIndexOf(" [position=");
      String cause = m.startsWith("cannot parse query: ") ? m.substring(20) : m;
      if (cut > 0 && m.startsWith("cannot parse query: ")) {
        cause = m.substring(20, cut);
      }
      throw new BadExpression("cannot parse PromQL expr: " + cause, e.position());
    }
    if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
      throw new BadExpression(
          "invalid rule expression type \""
              + expr.type().documented()
              + "\": a rule must return an instant vector or a scalar",
          0);
    }
    return new Expression(language, text, expr);
  }
}
