package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;
import dev.tidemark.query.promql.lang.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent PromQL parser with Prometheus' precedence ({@code or}, then {@code and unless},
 * comparisons, {@code + -}, {@code * / % atan2}, {@code ^} right-associative; unary minus binds
 * looser than {@code ^}) and type checking. Postfix modifiers (ranges, subqueries, {@code offset},
 * {@code @}) live in {@link Modifiers}; vector matching clauses in {@link MatchingParser}.
 */
public final class Parser {
  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "group",
          "stddev",
          "stdvar",
          "quantile",
          "topk",
          "bottomk",
          "count_values");
  private static final Set<String> UNSUPPORTED_AGGREGATIONS = Set.of("limitk", "limit_ratio");

  /** Deeper nesting is refused, so no input can exhaust the stack. */
  static final int MAX_DEPTH = 200;

  private final Cursor in;
  private int depth;

  private Parser(List<Token> tokens) {
    this.in = new Cursor(tokens);
  }

  /** Parses and type-checks a query; throws {@link PromQlException} (bad data) on any problem. */
  public static Expr parse(String query) {
    Parser p = new Parser(Lexer.tokenize(query));
    if (p.peek().type() == Type.EOF) {
      throw PromQlException.parse("empty query", 0);
    }
    Expr e = p.binary(0);
    if (p.peek().type() != Type.EOF) {
      throw p.unexpected("end of query");
    }
    return e;
  }

  private Token peek() {
    return in.peek();
  }

  private Token peekAt(int ahead) {
    return in.peekAt(ahead);
  }

  private Token advance() {
    return in.advance();
  }

  private Token expect(Type type, String what) {
    return in.expect(type, what);
  }

  private PromQlException unexpected(String expected) {
    return in.unexpected(expected);
  }

  private static int precedence(Token t) {
    if (t.type() == Type.IDENT) {
      switch (t.text()) {
        case "or":
          return 1;
        case "and":
        case "unless":
          return 2;
        case "atan2":
          return 5;
        default:
          return -1;
      }
    }
    if (t.type() != Type.OP) {
      return -1;
    }
    switch (t.text()) {
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        return 3;
      case "+":
      case "-":
        return 4;
      case "*":
      case "/":
      case "%":
        return 5;
      case "^":
        return 6;
      default:
        return -1;
    }
  }

  private Expr binary(int minPrec) {
    if (++depth > MAX_DEPTH) {
      throw PromQlException.parse(
          "query is nested too deeply [maxDepth=" + MAX_DEPTH + "]", peek().position());
    }
    try {
      return binaryAt(minPrec);
    } finally {
      depth--;
    }
  }

  private Expr binaryAt(int minPrec) {
    Expr lhs = unary();
    while (true) {
      Token op = peek();
      int prec = precedence(op);
      if (prec < 0 || prec < minPrec) {
        return lhs;
      }
      advance();
      boolean bool = false;
      if (peek().is(Type.IDENT, "bool")) {
        if (prec != 3) {
          throw PromQlException.parse(
              "bool modifier can only be used on comparison operators", peek().position());
        }
        advance();
        bool = true;
      }
      Expr.Matching matching = MatchingParser.parse(in, op);
      Expr rhs = binary(op.text().equals("^") ? prec : prec + 1);
      lhs = TypeChecks.binary(op, lhs, rhs, bool, matching);
    }
  }

  private Expr unary() {
    Token t = peek();
    if (t.is(Type.OP, "-") || t.is(Type.OP, "+")) {
      advance();
      Expr operand = binary(6); // only ^ binds tighter than unary minus
      if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
        throw PromQlException.parse(
            "unary expression only allowed on expressions of type scalar or instant vector",
            t.position());
      }
      if (t.text().equals("+")) {
        return operand;
      }
      return operand instanceof Expr.NumberLit n
          ? new Expr.NumberLit(-n.value())
          : new Expr.Negate(operand);
    }
    return Modifiers.postfix(in, primary());
  }

  private Expr primary() {
    Token t = peek();
    switch (t.type()) {
      case NUMBER:
        advance();
        return new Expr.NumberLit(SelectorParser.number(t));
      case STRING:
        advance();
        return new Expr.StringLit(t.text());
      case LPAREN:
        {
          advance();
          Expr inner = binary(0);
          expect(Type.RPAREN, "\")\"");
          return inner;
        }
      case LBRACE:
        return SelectorParser.selector(in, null, t.position());
      case IDENT:
        return identifier(t);
      case DURATION:
        throw PromQlException.parse(
            "unexpected duration " + t.describe() + " outside brackets", t.position());
      default:
        throw unexpected("an expression");
    }
  }

  private Expr identifier(Token t) {
    String name = t.text();
    String lower = name.toLowerCase(Locale.ROOT);
    Token after = peekAt(1);
    if ((lower.equals("inf") || lower.equals("nan")) && after.type() != Type.LBRACE) {
      advance();
      return new Expr.NumberLit(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
    }
    boolean aggregationStart =
        after.type() == Type.LPAREN
            || after.is(Type.IDENT, "by")
            || after.is(Type.IDENT, "without");
    if (AGGREGATIONS.contains(name) && aggregationStart) {
      return aggregate();
    }
    if (UNSUPPORTED_AGGREGATIONS.contains(name) && aggregationStart) {
      throw Cursor.unsupported("the aggregation \"" + name + "\"", t.position());
    }
    if (after.type() == Type.LPAREN) {
      return call();
    }
    advance();
    return SelectorParser.selector(in, name, t.position());
  }

  private Expr call() {
    Token name = advance();
    Functions.Signature sig =
        Functions.of(name.text())
            .orElseThrow(
                () ->
                    PromQlException.parse(
                        "unknown function with name \"" + name.text() + "\"", name.position()));
    expect(Type.LPAREN, "\"(\"");
    List<Expr> args = new ArrayList<>();
    if (peek().type() != Type.RPAREN) {
      args.add(binary(0));
      while (peek().type() == Type.COMMA) {
        advance();
        args.add(binary(0));
      }
    }
    Token close = expect(Type.RPAREN, "\")\"");
    if (args.size() < sig.required() || args.size() > sig.max()) {
      throw PromQlException.parse(
          "wrong number of arguments for function \""
              + name.text()
              + "\" [expected="
              + sig.required()
              + (sig.required() == sig.max()
                  ? ""
                  : ".." + (sig.max() == Integer.MAX_VALUE ? "" : sig.max()))
              + ", got="
              + args.size()
              + "]",
          close.position());
    }
    for (int i = 0; i < args.size(); i++) {
      TypeChecks.check(args.get(i), sig.arg(i), "call to function \"" + name.text() + "\"", name);
    }
    return new Expr.Call(name.text(), args, sig.returns());
  }

  private Expr aggregate() {
    Token op = advance();
    List<String> labels = List.of();
    boolean without = false;
    boolean grouped = false;
    if (peek().is(Type.IDENT, "by") || peek().is(Type.IDENT, "without")) {
      without = advance().text().equals("without");
      labels = SelectorParser.groupingLabels(in);
      grouped = true;
    }
    expect(Type.LPAREN, "\"(\"");
    Expr param = null;
    boolean takesParam = Set.of("quantile", "topk", "bottomk", "count_values").contains(op.text());
    if (takesParam) {
      param = binary(0);
      ValueType want = op.text().equals("count_values") ? ValueType.STRING : ValueType.SCALAR;
      TypeChecks.check(param, want, "aggregation \"" + op.text() + "\" parameter", op);
      expect(Type.COMMA, "\",\"");
    }
    Expr inner = binary(0);
    expect(Type.RPAREN, "\")\"");
    TypeChecks.check(inner, ValueType.VECTOR, "aggregation expression", op);
    if (peek().is(Type.IDENT, "by") || peek().is(Type.IDENT, "without")) {
      if (grouped) {
        throw PromQlException.parse("grouping given twice", peek().position());
      }
      without = advance().text().equals("without");
      labels = SelectorParser.groupingLabels(in);
      grouped = true;
    }
    return new Expr.Aggregate(op.text(), param, inner, labels, without, grouped);
  }
}
