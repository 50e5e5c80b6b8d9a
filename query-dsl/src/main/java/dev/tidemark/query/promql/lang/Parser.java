package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.ast.Expr;
import dev.tidemark.query.promql.ast.ValueType;
import dev.tidemark.query.promql.lang.Token.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent PromQL parser with Prometheus' precedence ({@code ^} right-associative, then
 * unary minus, {@code * / %}, {@code + -}, comparisons) and type checking. Anything outside the
 * supported subset fails with {@code cannot parse query: … is not supported}.
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
          "bottomk");
  private static final Set<String> UNSUPPORTED_AGGREGATIONS =
      Set.of("count_values", "limitk", "limit_ratio");
  private static final Set<String> SET_OPERATORS = Set.of("and", "or", "unless");

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

  private static PromQlException unsupported(String what, int position) {
    return Cursor.unsupported(what, position);
  }

  private static int precedence(Token t) {
    if (t.type() == Type.IDENT && SET_OPERATORS.contains(t.text())) {
      return 1;
    }
    if (t.type() == Type.IDENT && t.text().equals("atan2")) {
      return 5;
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
      if (op.type() == Type.IDENT) {
        throw unsupported("the operator \"" + op.text() + "\"", op.position());
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
      Token mod = peek();
      if (mod.type() == Type.IDENT
          && Set.of("on", "ignoring", "group_left", "group_right").contains(mod.text())) {
        throw unsupported("vector matching with \"" + mod.text() + "\"", mod.position());
      }
      Expr rhs = binary(op.text().equals("^") ? prec : prec + 1);
      lhs = checkBinary(op, lhs, rhs, bool);
    }
  }

  private static Expr checkBinary(Token op, Expr lhs, Expr rhs, boolean bool) {
    for (Expr side : List.of(lhs, rhs)) {
      if (side.type() != ValueType.SCALAR && side.type() != ValueType.VECTOR) {
        throw PromQlException.parse(
            "binary expression must contain only scalar and instant vector types", op.position());
      }
    }
    Expr.Binary b = new Expr.Binary(op.text(), lhs, rhs, bool);
    if (b.comparison()
        && !bool
        && lhs.type() == ValueType.SCALAR
        && rhs.type() == ValueType.SCALAR) {
      throw PromQlException.parse(
          "comparisons between scalars must use BOOL modifier", op.position());
    }
    return b;
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
    return postfix(primary());
  }

  private Expr postfix(Expr e) {
    while (true) {
      Token t = peek();
      if (t.type() == Type.LBRACKET) {
        advance();
        if (!(e instanceof Expr.Selector s)) {
          if (peekAt(1).type() == Type.COLON || peek().type() == Type.COLON) {
            throw unsupported("subqueries", t.position());
          }
          throw PromQlException.parse("ranges only allowed for vector selectors", t.position());
        }
        if (peek().type() == Type.IDENT && peek().text().startsWith(":")) {
          throw unsupported("subqueries", peek().position());
        }
        Duration range = SelectorParser.duration(expect(Type.DURATION, "a duration"));
        if (peek().type() == Type.COLON
            || (peek().type() == Type.IDENT && peek().text().startsWith(":"))) {
          throw unsupported("subqueries", peek().position());
        }
        expect(Type.RBRACKET, "\"]\"");
        e = new Expr.RangeSelector(s, range);
      } else if (t.is(Type.IDENT, "offset")) {
        advance();
        boolean negative = false;
        if (peek().is(Type.OP, "-")) {
          advance();
          negative = true;
        }
        Duration d = SelectorParser.duration(expect(Type.DURATION, "a duration after offset"));
        e = withOffset(e, negative ? d.negated() : d, t.position());
      } else if (t.type() == Type.AT) {
        throw unsupported("the @ modifier", t.position());
      } else {
        return e;
      }
    }
  }

  private static Expr withOffset(Expr e, Duration offset, int position) {
    if (e instanceof Expr.Selector s && s.offset().isZero()) {
      return new Expr.Selector(s.metric(), s.matchers(), offset);
    }
    if (e instanceof Expr.RangeSelector r && r.selector().offset().isZero()) {
      Expr.Selector s = r.selector();
      return new Expr.RangeSelector(new Expr.Selector(s.metric(), s.matchers(), offset), r.range());
    }
    throw PromQlException.parse("offset modifier must be preceded by a selector", position);
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
    if (lower.equals("inf") || lower.equals("nan")) {
      advance();
      return new Expr.NumberLit(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
    }
    Token after = peekAt(1);
    boolean aggregationStart =
        after.type() == Type.LPAREN
            || after.is(Type.IDENT, "by")
            || after.is(Type.IDENT, "without");
    if (AGGREGATIONS.contains(name) && aggregationStart) {
      return aggregate();
    }
    if (UNSUPPORTED_AGGREGATIONS.contains(name) && aggregationStart) {
      throw unsupported("the aggregation \"" + name + "\"", t.position());
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
                () -> unsupported("the function \"" + name.text() + "\"", name.position()));
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
    if (args.size() < sig.required() || args.size() > sig.args().size()) {
      throw PromQlException.parse(
          "wrong number of arguments for function \""
              + name.text()
              + "\" [expected="
              + sig.required()
              + (sig.required() == sig.args().size() ? "" : ".." + sig.args().size())
              + ", got="
              + args.size()
              + "]",
          close.position());
    }
    for (int i = 0; i < args.size(); i++) {
      checkType(args.get(i), sig.args().get(i), "call to function \"" + name.text() + "\"", name);
    }
    if (Functions.histogramFunction(name.text())) {
      HistogramShape.check(args.get(args.size() - 1), name);
    }
    return new Expr.Call(name.text(), args, sig.returns());
  }

  private static void checkType(Expr e, ValueType want, String context, Token at) {
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
    boolean takesParam = Set.of("quantile", "topk", "bottomk").contains(op.text());
    if (takesParam) {
      param = binary(0);
      checkType(param, ValueType.SCALAR, "aggregation \"" + op.text() + "\" parameter", op);
      expect(Type.COMMA, "\",\"");
    }
    Expr inner = binary(0);
    expect(Type.RPAREN, "\")\"");
    checkType(inner, ValueType.VECTOR, "aggregation expression", op);
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
