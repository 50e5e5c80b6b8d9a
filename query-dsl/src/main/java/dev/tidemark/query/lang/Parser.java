package dev.tidemark.query.lang;

import dev.tidemark.query.analysis.Direction;
import dev.tidemark.query.lang.ast.Analysis;
import dev.tidemark.query.lang.ast.Binary;
import dev.tidemark.query.lang.ast.Call;
import dev.tidemark.query.lang.ast.Clauses;
import dev.tidemark.query.lang.ast.CompareQuery;
import dev.tidemark.query.lang.ast.Expr;
import dev.tidemark.query.lang.ast.Negate;
import dev.tidemark.query.lang.ast.NumberLiteral;
import dev.tidemark.query.lang.ast.Query;
import dev.tidemark.query.lang.ast.RangeClause;
import dev.tidemark.query.lang.ast.Selector;
import dev.tidemark.query.lang.ast.SeriesQuery;
import dev.tidemark.query.lang.ast.StepClause;
import dev.tidemark.query.lang.ast.TimePoint;
import dev.tidemark.query.lang.ast.ZoneClause;
import dev.tidemark.query.source.Aggregation;
import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import dev.tidemark.query.time.DurationText;
import dev.tidemark.query.time.Step;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.PatternSyntaxException;

/** Hand-written recursive-descent parser for the grammar in {@code query-dsl/README.md}. */
public final class Parser {

  private final String src;
  private final List<Token> tokens;
  private int at;
  private int depth;

  /** Deepest nesting of parentheses and unary minus, so no input can overflow the stack. */
  static final int MAX_DEPTH = 200;

  private Parser(String src) {
    this.src = src;
    this.tokens = Lexer.tokenize(src);
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
    Query q = peek().isWord("compare") ? compare() : series();
    expect(TokenType.EOF, "an operator, a clause (last, from, step, zone) or '|'");
    return q;
  }

  private SeriesQuery series() {
    Expr expr = expr();
    ClauseBuilder clauses = new ClauseBuilder();
    while (clauses.tryParse()) {
      // keep reading clauses
    }
    List<Analysis> analyses = new ArrayList<>();
    while (peek().type() == TokenType.PIPE) {
      advance();
      analyses.add(analysis());
    }
    return new SeriesQuery(src, expr, clauses.build(), analyses);
  }

  private CompareQuery compare() {
    int pos = advance().start();
    expectWord("release");
    String baseline = expect(TokenType.STRING, "a release name in quotes").text();
    expectWord("to");
    String candidate = expect(TokenType.STRING, "a release name in quotes").text();
    expectWord("on");
    Expr subject = subject();
    Optional<List<String>> by = Optional.empty();
    if (subject instanceof Selector && peek().isWord("by")) {
      by = Optional.of(by());
    }
    ClauseBuilder clauses = new ClauseBuilder();
    double threshold = 0.05;
    double alpha = 0.05;
    Optional<Direction> direction = Optional.empty();
    boolean seenThreshold = false;
    boolean seenAlpha = false;
    while (true) {
      if (clauses.tryParse()) {
        continue;
      }
      Token t = peek();
      if (t.isWord("threshold")) {
        once(seenThreshold, t);
        seenThreshold = true;
        advance();
        threshold = percent();
      } else if (t.isWord("alpha")) {
        once(seenAlpha, t);
        seenAlpha = true;
        advance();
        Token n = expect(TokenType.NUMBER, "a significance level such as 0.05");
        alpha = number(n);
        if (!(alpha > 0 && alpha < 1)) {
          throw error(n, "alpha must be between 0 and 1");
        }
      } else if (t.isWord("lower") || t.isWord("higher")) {
        once(direction.isPresent(), t);
        advance();
        expectWord("is");
        expectWord("better");
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
    Token t = peek();
    if (t.type() != TokenType.IDENT) {
      throw error(t, "expected a metric or an aggregation, found " + t.describe());
    }
    return primary();
  }

  // ---- expressions

  private Expr expr() {
    Expr left = term();
    while (peek().type() == TokenType.PLUS || peek().type() == TokenType.MINUS) {
      Token op = advance();
      left = new Binary(op.text().charAt(0), left, term(), op.start());
    }
    return left;
  }

  private Expr term() {
    Expr left = factor();
    while (peek().type() == TokenType.STAR || peek().type() == TokenType.SLASH) {
      Token op = advance();
      left = new Binary(op.text().charAt(0), left, factor(), op.start());
    }
    return left;
  }

  private Expr factor() {
    Token t = peek();
    if (++depth > MAX_DEPTH) {
      throw error(t, "expression nested too deeply [max=" + MAX_DEPTH + "]");
    }
    try {
      if (t.type() == TokenType.MINUS) {
        advance();
        return new Negate(factor(), t.start());
      }
      return primary();
    } finally {
      depth--;
    }
  }

  private Expr primary() {
    Token t = peek();
    switch (t.type()) {
      case NUMBER:
        advance();
        return new NumberLiteral(number(t), t.start());
      case LPAREN:
        advance();
        Expr inner = expr();
        expect(TokenType.RPAREN, "')'");
        return inner;
      case IDENT:
        if (peekAt(1).type() == TokenType.LPAREN && (!isKeyword(t) || t.isWord("last"))) {
          return call();
        }
        if (isKeyword(t)) {
          throw error(t, "expected a metric, found keyword '" + t.text() + "'");
        }
        return selector();
      default:
        throw error(t, "expected a metric, a number or '(', found " + t.describe());
    }
  }

  private Call call() {
    Token name = advance();
    expect(TokenType.LPAREN, "'('");
    Aggregation fn;
    double q = Double.NaN;
    Optional<Double> shorthand = percentileShorthand(name.text());
    if (name.isWord("quantile")) {
      fn = Aggregation.QUANTILE;
      Token n = expect(TokenType.NUMBER, "a quantile between 0 and 1");
      q = number(n);
      if (!(q >= 0 && q <= 1)) {
        throw error(n, "quantile must be between 0 and 1");
      }
      expect(TokenType.COMMA, "','");
    } else if (shorthand.isPresent()) {
      fn = Aggregation.QUANTILE;
      q = shorthand.get();
    } else {
      fn =
          Aggregation.byKeyword(name.text())
              .orElseThrow(
                  () ->
                      error(
                          name,
                          "unknown function '"
                              + name.text()
                              + "' (avg, min, max, sum, count, last, rate, increase, quantile,"
                              + " p50, p95, p99, …)"));
    }
    Token selectorStart = peek();
    if (selectorStart.type() != TokenType.IDENT || isKeyword(selectorStart)) {
      throw error(selectorStart, "expected a metric, found " + selectorStart.describe());
    }
    Selector selector = selector();
    expect(TokenType.RPAREN, "')'");
    Optional<List<String>> by = peek().isWord("by") ? Optional.of(by()) : Optional.empty();
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
    advance();
    expect(TokenType.LPAREN, "'(' after by");
    List<String> labels = new ArrayList<>();
    if (peek().type() != TokenType.RPAREN) {
      labels.add(label());
      while (peek().type() == TokenType.COMMA) {
        advance();
        labels.add(label());
      }
    }
    expect(TokenType.RPAREN, "',' or ')'");
    return labels;
  }

  private String label() {
    Token t = expect(TokenType.IDENT, "a label name");
    if (!t.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw error(t, "invalid label name '" + t.text() + "'");
    }
    return t.text();
  }

  private Selector selector() {
    Token name = expect(TokenType.IDENT, "a metric name");
    List<LabelMatcher> matchers = new ArrayList<>();
    if (peek().type() == TokenType.LBRACE) {
      advance();
      while (peek().type() != TokenType.RBRACE) {
        matchers.add(matcher());
        if (peek().type() == TokenType.COMMA) {
          advance();
        } else if (peek().type() != TokenType.RBRACE) {
          throw error(peek(), "expected ',' or '}', found " + peek().describe());
        }
      }
      advance();
    }
    return new Selector(name.text(), matchers, name.start());
  }

  private LabelMatcher matcher() {
    String label = label();
    Token op = advance();
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
        throw error(op, "expected '=', '!=', '=~' or '!~', found " + op.describe());
    }
    Token value = expect(TokenType.STRING, "a label value in quotes");
    try {
      return LabelMatcher.of(label, matchOp, value.text());
    } catch (PatternSyntaxException e) {
      throw error(value, "invalid regular expression: " + e.getDescription());
    }
  }

  // ---- clauses

  /** Reads {@code last/from, step, zone} clauses, each at most once. */
  private final class ClauseBuilder {
    private RangeClause range;
    private StepClause step;
    private ZoneClause zone;

    boolean tryParse() {
      Token t = peek();
      if (t.isWord("last") || t.isWord("from")) {
        if (range != null) {
          throw error(t, "the time range is already given");
        }
        range = range();
        return true;
      }
      if (t.isWord("step")) {
        if (step != null) {
          throw error(t, "the step is already given");
        }
        step = step();
        return true;
      }
      if (t.isWord("zone")) {
        if (zone != null) {
          throw error(t, "the zone is already given");
        }
        zone = zone();
        return true;
      }
      return false;
    }

    Clauses build() {
      return new Clauses(
          Optional.ofNullable(range), Optional.ofNullable(step), Optional.ofNullable(zone));
    }
  }

  private RangeClause range() {
    Token kw = advance();
    if (kw.isWord("last")) {
      Duration d = positiveDuration();
      return new RangeClause(
          new TimePoint.Now(d.negated(), kw.start()),
          new TimePoint.Now(Duration.ZERO, kw.start()),
          kw.start());
    }
    TimePoint from = timePoint();
    TimePoint to = new TimePoint.Now(Duration.ZERO, kw.start());
    if (peek().isWord("to")) {
      advance();
      to = timePoint();
    }
    return new RangeClause(from, to, kw.start());
  }

  private TimePoint timePoint() {
    Token t = peek();
    if (t.isWord("now")) {
      advance();
      if (peek().type() == TokenType.PLUS || peek().type() == TokenType.MINUS) {
        boolean minus = advance().type() == TokenType.MINUS;
        Duration d = positiveDuration();
        return new TimePoint.Now(minus ? d.negated() : d, t.start());
      }
      return new TimePoint.Now(Duration.ZERO, t.start());
    }
    if (t.type() == TokenType.STRING) {
      advance();
      return absolute(t);
    }
    throw error(
        t, "expected now, now-<duration> or an ISO-8601 time in quotes, found " + t.describe());
  }

  private TimePoint absolute(Token t) {
    String text = t.text().trim();
    try {
      return new TimePoint.Absolute(OffsetDateTime.parse(text).toInstant(), t.start());
    } catch (DateTimeException e) {
      // try the next form
    }
    try {
      return new TimePoint.Absolute(Instant.parse(text), t.start());
    } catch (DateTimeException e) {
      // try the next form
    }
    try {
      return new TimePoint.Local(LocalDateTime.parse(text), false, t.start());
    } catch (DateTimeException e) {
      // try the next form
    }
    try {
      return new TimePoint.Local(LocalDate.parse(text).atStartOfDay(), true, t.start());
    } catch (DateTimeException e) {
      throw error(
          t,
          "invalid time \""
              + text
              + "\" (use ISO-8601, e.g. 2026-03-29T02:30:00+02:00, 2026-03-29T00:00Z or"
              + " 2026-03-29)");
    }
  }

  private StepClause step() {
    Token kw = advance();
    Token t = peek();
    if (t.isWord("auto")) {
      advance();
      return new StepClause(Optional.empty(), kw.start());
    }
    Duration d = positiveDuration();
    Step step;
    if (d.equals(Duration.ofDays(1)) && t.text().equals("1d")) {
      step = Step.day();
    } else if (d.equals(Duration.ofDays(7)) && t.text().equals("1w")) {
      step = Step.week();
    } else {
      step = Step.fixed(d);
    }
    return new StepClause(Optional.of(step), kw.start());
  }

  private ZoneClause zone() {
    Token kw = advance();
    Token name = expect(TokenType.STRING, "a time zone in quotes, e.g. \"Europe/Berlin\"");
    try {
      return new ZoneClause(ZoneId.of(name.text()), kw.start());
    } catch (DateTimeException e) {
      throw error(name, "unknown time zone \"" + name.text() + "\"");
    }
  }

  private Duration positiveDuration() {
    Token t = expect(TokenType.DURATION, "a duration such as 5m, 2h or 7d");
    Duration d = DurationText.parse(t.text()).orElseThrow();
    if (d.isZero()) {
      throw error(t, "duration must be positive");
    }
    return d;
  }

  // ---- analyses

  private Analysis analysis() {
    Token t = peek();
    if (t.isWord("trend")) {
      advance();
      int forecast = 0;
      if (peek().isWord("forecast")) {
        advance();
        forecast = integer(1, 10_000, "the number of periods to forecast");
      }
      return new Analysis.Trend(forecast, t.start());
    }
    if (t.isWord("anomalies")) {
      advance();
      Analysis.AnomalyMethod method = Analysis.AnomalyMethod.ZSCORE;
      if (peek().isWord("zscore") || peek().isWord("ewma")) {
        method =
            advance().isWord("ewma") ? Analysis.AnomalyMethod.EWMA : Analysis.AnomalyMethod.ZSCORE;
      }
      double threshold = Double.NaN;
      Optional<Duration> season = Optional.empty();
      while (true) {
        Token o = peek();
        if (o.isWord("threshold") && Double.isNaN(threshold)) {
          advance();
          Token n = expect(TokenType.NUMBER, "a threshold such as 3.5");
          threshold = number(n);
          if (!(threshold > 0)) {
            throw error(n, "threshold must be positive");
          }
        } else if (o.isWord("seasonal") && season.isEmpty()) {
          advance();
          season = Optional.of(positiveDuration());
        } else {
          break;
        }
      }
      return new Analysis.Anomalies(method, threshold, season, t.start());
    }
    if (t.isWord("changepoints")) {
      advance();
      double p = Double.NaN;
      double magnitude = Double.NaN;
      int minSegment = -1;
      while (true) {
        Token o = peek();
        if (o.isWord("pvalue") && Double.isNaN(p)) {
          advance();
          Token n = expect(TokenType.NUMBER, "a p-value threshold such as 0.001");
          p = number(n);
          if (!(p > 0 && p < 1)) {
            throw error(n, "pvalue must be between 0 and 1");
          }
        } else if (o.isWord("magnitude") && Double.isNaN(magnitude)) {
          advance();
          magnitude = percent();
        } else if (o.isWord("min_segment") && minSegment < 0) {
          advance();
          minSegment = integer(2, 100_000, "a minimum segment length");
        } else {
          break;
        }
      }
      return new Analysis.ChangePoints(
          Double.isNaN(p) ? 0.001 : p,
          Double.isNaN(magnitude) ? 0.0 : magnitude,
          minSegment < 0 ? 5 : minSegment,
          t.start());
    }
    throw error(t, "expected trend, anomalies or changepoints, found " + t.describe());
  }

  // ---- small helpers

  private double percent() {
    Token n = expect(TokenType.NUMBER, "a percentage such as 5%");
    expect(TokenType.PERCENT, "'%'");
    double v = number(n);
    if (!(v >= 0 && v <= 1000)) {
      throw error(n, "percentage must be between 0 and 1000");
    }
    return v / 100;
  }

  private int integer(int min, int max, String what) {
    Token n = expect(TokenType.NUMBER, what);
    double v = number(n);
    if (v != Math.rint(v) || v < min || v > max) {
      throw error(n, "expected an integer between " + min + " and " + max);
    }
    return (int) v;
  }

  private double number(Token t) {
    double v = Double.parseDouble(t.text());
    if (Double.isInfinite(v)) {
      throw error(t, "number out of range");
    }
    return v;
  }

  private void once(boolean seen, Token t) {
    if (seen) {
      throw error(t, "'" + t.text() + "' is already given");
    }
  }

  private static final List<String> KEYWORDS =
      List.of("last", "from", "to", "step", "zone", "by", "compare", "now");

  private static boolean isKeyword(Token t) {
    return t.type() == TokenType.IDENT && KEYWORDS.contains(t.text());
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  private Token advance() {
    Token t = tokens.get(at);
    if (t.type() != TokenType.EOF) {
      at++;
    }
    return t;
  }

  private Token expect(TokenType type, String what) {
    Token t = peek();
    if (t.type() != type) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
    return advance();
  }

  private void expectWord(String word) {
    Token t = peek();
    if (!t.isWord(word)) {
      throw error(t, "expected '" + word + "', found " + t.describe());
    }
    advance();
  }

  private QueryException error(Token t, String reason) {
    return QueryException.parse(src, t.start(), reason);
  }
}
