package dev.tidemark.query.lang;

import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.lang.ast.Analysis;
import dev.tidemark.query.lang.ast.Binary;
import dev.tidemark.query.lang.ast.Call;
import dev.tidemark.query.lang.ast.CompareQuery;
import dev.tidemark.query.lang.ast.Expr;
import dev.tidemark.query.lang.ast.Negate;
import dev.tidemark.query.lang.ast.NumberLiteral;
import dev.tidemark.query.lang.ast.Query;
import dev.tidemark.query.lang.ast.Selector;
import dev.tidemark.query.lang.ast.SeriesQuery;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** Hand-written recursive-descent parser for the grammar in {@code query-dsl/README.md}. */
public final class Parser {

  private final TokenCursor c;
  private final String src;
  private int depth;

  /** Deepest nesting of parentheses and unary minus, so no input can overflow the stack. */
  static final int MAX_DEPTH = 200;

  private Parser(String src) {
    this.c = new TokenCursor(src);
    this.src = src;
  }

  /**
   * Parses a query.
   *
   * @throws QueryException on any syntax error, with the offending position
   */
  public static Query parse(String source) {
    return new Parser(source).query();
  }

  // ---- queries

  private Query query() {
    Query q = c.peek().isWord("compare") ? compare() : series();
    c.expect(TokenType.EOF, "an operator, a clause (last, from, step, zone) or '|'");
    return q;
  }

  private SeriesQuery series() {
    Expr expr = expr();
    ClauseParser clauses = new ClauseParser(c);
    while (clauses.tryParse()) {
      // keep reading clauses
    }
    List<Analysis> analyses = new ArrayList<>();
    while (c.peek().type() == TokenType.PIPE) {
      c.advance();
      analyses.add(AnalysisParser.parse(c));
    }
    return new SeriesQuery(src, expr, clauses.build(), analyses);
  }

  private CompareQuery compare() {
    int pos = c.advance().start();
    c.expectWord("release");
    String baseline = c.expect(TokenType.STRING, "a release name in quotes").text();
    c.expectWord("to");
    String candidate = c.expect(TokenType.STRING, "a release name in quotes").text();
    c.expectWord("on");
    Expr subject = subject();
    Optional<List<String>> by = Optional.empty();
    if (subject instanceof Selector && c.peek().isWord("by")) {
      by = Optional.of(by());
    }
    ClauseParser clauses = new ClauseParser(c);
    double threshold = 0.05;
    double alpha = 0.05;
    Optional<Direction> direction = Optional.empty();
    boolean seenThreshold = false;
    boolean seenAlpha = false;
    while (true) {
      if (clauses.tryParse()) {
        continue;
      }
      Token t = c.peek();
      if (t.isWord("threshold")) {
        c.once(seenThreshold, t);
        seenThreshold = true;
        c.advance();
        threshold = c.percent();
      } else if (t.isWord("alpha")) {
        c.once(seenAlpha, t);
        seenAlpha = true;
        c.advance();
        Token n = c.expect(TokenType.NUMBER, "a significance level such as 0.05");
        alpha = c.number(n);
        if (!(alpha > 0 && alpha < 1)) {
          throw c.error(n, "alpha must be between 0 and 1");
        }
      } else if (t.isWord("lower") || t.isWord("higher")) {
        c.once(direction.isPresent(), t);
        c.advance();
        c.expectWord("is");
        c.expectWord("better");
        direction =
            Optional.of(t.isWord("lower") ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER);
      } else {
        break;
      }
    }
    return new CompareQuery(
        src, baseline, candidate, subject, by, clauses.build(), threshold, alpha, direction, pos);
  }

  private Expr subject() {
    Token t = c.peek();
    if (t.type() != TokenType.IDENT) {
      throw c.error(t, "expected a metric or an aggregation, found " + t.describe());
    }
    return primary();
  }

  // ---- expressions

  private Expr expr() {
    Expr left = term();
    while (c.peek().type() == TokenType.PLUS || c.peek().type() == TokenType.MINUS) {
      Token op = c.advance();
      left = new Binary(op.text().charAt(0), left, term(), op.start());
    }
    return left;
  }

  private Expr term() {
    Expr left = factor();
    while (c.peek().type() == TokenType.STAR || c.peek().type() == TokenType.SLASH) {
      Token op = c.advance();
      left = new Binary(op.text().charAt(0), left, factor(), op.start());
    }
    return left;
  }

  private Expr factor() {
    Token t = c.peek();
    if (++depth > MAX_DEPTH) {
      throw c.error(t, "expression nested too deeply [max=" + MAX_DEPTH + "]");
    }
    try {
      if (t.type() == TokenType.MINUS) {
        c.advance();
        return new Negate(factor(), t.start());
      }
      return primary();
    } finally {
      depth--;
    }
  }

  private Expr primary() {
    Token t = c.peek();
    switch (t.type()) {
      case NUMBER:
        c.advance();
        return new NumberLiteral(c.number(t), t.start());
      case LPAREN:
        c.advance();
        Expr inner = expr();
        c.expect(TokenType.RPAREN, "')'");
        return inner;
      case IDENT:
        if (c.peekAt(1).type() == TokenType.LPAREN
            && (!TokenCursor.isKeyword(t) || t.isWord("last"))) {
          return call();
        }
        if (TokenCursor.isKeyword(t)) {
          throw c.error(t, "expected a metric, found keyword '" + t.text() + "'");
        }
        return selector();
      default:
        throw c.error(t, "expected a metric, a number or '(', found " + t.describe());
    }
  }

  private Call call() {
    Token name = c.advance();
    c.expect(TokenType.LPAREN, "'('");
    Aggregation fn;
    double q = Double.NaN;
    Optional<Double> shorthand = percentileShorthand(name.text());
    if (name.isWord("quantile")) {
      fn = Aggregation.QUANTILE;
      Token n = c.expect(TokenType.NUMBER, "a quantile between 0 and 1");
      q = c.number(n);
      if (!(q >= 0 && q <= 1)) {
        throw c.error(n, "quantile must be between 0 and 1");
      }
      c.expect(TokenType.COMMA, "','");
    } else if (shorthand.isPresent()) {
      fn = Aggregation.QUANTILE;
      q = shorthand.get();
    } else {
      fn =
          Aggregation.byKeyword(name.text())
              .orElseThrow(
                  () ->
                      c.error(
                          name,
                          "unknown function '"
                              + name.text()
                              + "' (avg, min, max, sum, count, last, rate, increase, quantile,"
                              + " p50, p95, p99, …)"));
    }
    Token selectorStart = c.peek();
    if (selectorStart.type() != TokenType.IDENT || TokenCursor.isKeyword(selectorStart)) {
      throw c.error(selectorStart, "expected a metric, found " + selectorStart.describe());
    }
    Selector selector = selector();
    c.expect(TokenType.RPAREN, "')'");
    Optional<List<String>> by = c.peek().isWord("by") ? Optional.of(by()) : Optional.empty();
    return new Call(fn, q, selector, by, name.start());
  }

  /** {@code p95} → 0.95, {@code p999} → 0.999, {@code p100} → 1. */
  private static Optional<Double> percentileShorthand(String name) {
    if (!name.matches("p[0-9]{2,6}")) {
      return Optional.empty();
    }
    String digits = name.substring(1);
    if (digits.equals("100")) {
      return Optional.of(1.0);
    }
    return Optional.of(Double.parseDouble("0." + digits));
  }

  private List<String> by() {
    c.advance();
    c.expect(TokenType.LPAREN, "'(' after by");
    List<String> labels = new ArrayList<>();
    if (c.peek().type() != TokenType.RPAREN) {
      labels.add(label());
      while (c.peek().type() == TokenType.COMMA) {
        c.advance();
        labels.add(label());
      }
    }
    c.expect(TokenType.RPAREN, "',' or ')'");
    return labels;
  }

  private String label() {
    Token t = c.expect(TokenType.IDENT, "a label name");
    if (!t.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw c.error(t, "invalid label name '" + t.text() + "'");
    }
    return t.text();
  }

  private Selector selector() {
    Token name = c.expect(TokenType.IDENT, "a metric name");
    List<LabelMatcher> matchers = new ArrayList<>();
    if (c.peek().type() == TokenType.LBRACE) {
      c.advance();
      while (c.peek().type() != TokenType.RBRACE) {
        matchers.add(matcher());
        if (c.peek().type() == TokenType.COMMA) {
          c.advance();
        } else if (c.peek().type() != TokenType.RBRACE) {
          throw c.error(c.peek(), "expected ',' or '}', found " + c.peek().describe());
        }
      }
      c.advance();
    }
    return new Selector(name.text(), matchers, name.start());
  }

  private LabelMatcher matcher() {
    String label = label();
    Token op = c.advance();
    MatchOp matchOp;
    switch (op.type()) {
      case EQ:
        matchOp = MatchOp.EQ;
        break;
      case NE:
        matchOp = MatchOp.NE;
        break;
      case RE:
        matchOp = MatchOp.RE;
        break;
      case NRE:
        matchOp = MatchOp.NRE;
        break;
      default:
        throw c.error(op, "expected '=', '!=', '=~' or '!~', found " + op.describe());
    }
    Token value = c.expect(TokenType.STRING, "a label value in quotes");
    try {
      return LabelMatcher.of(label, matchOp, value.text());
    } catch (PatternSyntaxException e) {
      throw c.error(value, "invalid regular expression: " + e.getDescription());
    }
  }
}
