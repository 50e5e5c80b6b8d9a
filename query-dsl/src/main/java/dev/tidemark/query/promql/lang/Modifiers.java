package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;
import dev.tidemark.query.promql.lang.Token.Type;
import java.time.Duration;

/**
 * What may follow an operand: a range {@code [5m]} (selectors only), a subquery {@code [1h:1m]}
 * (any instant vector), {@code offset [-]d} and {@code @ t|start()|end()}, each at most once.
 */
final class Modifiers {
  /**
   * {@code @} times beyond ±10^11 s (about year 5100) are refused: no data is there, and storage
   * timestamps end well before what Prometheus' int64 of milliseconds would allow.
   */
  private static final double MAX_AT_SECONDS = 1e11;

  private Modifiers() {}

  static Expr postfix(Cursor in, Expr e) {
    while (true) {
      Token t = in.peek();
      if (t.type() == Type.LBRACKET) {
        in.advance();
        e = bracket(in, e, t);
      } else if (t.is(Type.IDENT, "offset")) {
        in.advance();
        boolean negative = false;
        if (in.peek().is(Type.OP, "-")) {
          in.advance();
          negative = true;
        } else if (in.peek().is(Type.OP, "+")) {
          in.advance();
        }
        Duration d =
            PromDurations.parse(in.expect(Type.DURATION, "a duration").text(), t.position());
        e = withOffset(e, negative ? d.negated() : d, t.position());
      } else if (t.type() == Type.AT) {
        in.advance();
        e = withAt(e, at(in), t.position());
      } else {
        return e;
      }
    }
  }

  private static Expr bracket(Cursor in, Expr e, Token open) {
    Duration range = SelectorParser.duration(in.expect(Type.DURATION, "a duration"));
    if (in.peek().type() == Type.COLON) {
      in.advance();
      Duration step = null;
      if (in.peek().type() == Type.DURATION) {
        step = SelectorParser.duration(in.advance());
      }
      in.expect(Type.RBRACKET, "\"]\"");
      if (e.type() != ValueType.VECTOR) {
        throw PromQlException.parse(
            "subquery is only allowed on instant vector, got " + e.type().documented() + " instead",
            open.position());
      }
      return new Expr.Subquery(e, range, step, Duration.ZERO, null);
    }
    in.expect(Type.RBRACKET, "\"]\"");
    if (!(e instanceof Expr.Selector s)) {
      throw PromQlException.parse("ranges only allowed for vector selectors", open.position());
    }
    return new Expr.RangeSelector(s, range);
  }

  private static Expr.At at(Cursor in) {
    Token t = in.peek();
    if (t.is(Type.IDENT, "start") || t.is(Type.IDENT, "end")) {
      in.advance();
      in.expect(Type.LPAREN, "\"(\"");
      in.expect(Type.RPAREN, "\")\"");
      return new Expr.At(t.text().equals("start") ? Expr.At.Kind.START : Expr.At.Kind.END, 0);
    }
    boolean negative = false;
    if (in.peek().is(Type.OP, "-") || in.peek().is(Type.OP, "+")) {
      negative = in.advance().text().equals("-");
    }
    Token n = in.expect(Type.NUMBER, "a timestamp, start() or end() after @");
    double seconds = SelectorParser.number(n) * (negative ? -1 : 1);
    if (!(Math.abs(seconds) <= MAX_AT_SECONDS)) {
      throw PromQlException.parse(
          "timestamp out of bounds for @ modifier: " + n.text(), n.position());
    }
    return new Expr.At(Expr.At.Kind.TIME, Math.round(seconds * 1000));
  }

  private static Expr withOffset(Expr e, Duration offset, int position) {
    if (e instanceof Expr.Selector s) {
      requireNoOffset(s.offset(), position);
      return s.at(offset, s.at());
    }
    if (e instanceof Expr.RangeSelector r) {
      requireNoOffset(r.selector().offset(), position);
      return new Expr.RangeSelector(r.selector().at(offset, r.selector().at()), r.range());
    }
    if (e instanceof Expr.Subquery q) {
      requireNoOffset(q.offset(), position);
      return new Expr.Subquery(q.expr(), q.range(), q.step(), offset, q.at());
    }
    throw PromQlException.parse(
        "offset modifier must be preceded by an instant vector selector or range vector selector"
            + " or a subquery",
        position);
  }

  private static Expr withAt(Expr e, Expr.At at, int position) {
    if (e instanceof Expr.Selector s) {
      requireNoAt(s.at(), position);
      return s.at(s.offset(), at);
    }
    if (e instanceof Expr.RangeSelector r) {
      requireNoAt(r.selector().at(), position);
      return new Expr.RangeSelector(r.selector().at(r.selector().offset(), at), r.range());
    }
    if (e instanceof Expr.Subquery q) {
      requireNoAt(q.at(), position);
      return new Expr.Subquery(q.expr(), q.range(), q.step(), q.offset(), at);
    }
    throw PromQlException.parse(
        "@ modifier must be preceded by an instant vector selector or range vector selector or a"
            + " subquery",
        position);
  }

  private static void requireNoOffset(Duration offset, int position) {
    if (!offset.isZero()) {
      throw PromQlException.parse("offset may not be set multiple times", position);
    }
  }

  private static void requireNoAt(Expr.At at, int position) {
    if (at != null) {
      throw PromQlException.parse("@ <timestamp> may not be set multiple times", position);
    }
  }
}
