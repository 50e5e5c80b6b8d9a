package dev.tidemark.query.lang;

import dev.tidemark.query.time.DurationText;
import java.time.Duration;
import java.util.List;

/** The parser's position in the token list, with the small readers every part of it shares. */
final class TokenCursor {

  private final String src;
  private final List<Token> tokens;
  private int at;

  TokenCursor(String src) {
    this.src = src;
    this.tokens = Lexer.tokenize(src);
  }

  String source() {
    return src;
  }

  /** Longest duration a query may name, so that time arithmetic stays far from overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(36_525);

  Duration positiveDuration() {
    Token t = expect(TokenType.DURATION, "a duration such as 5m, 2h or 7d");
    Duration d = DurationText.parse(t.text()).orElseThrow();
    if (d.isZero()) {
      throw error(t, "duration must be positive");
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      throw error(t, "duration must be at most 100 years");
    }
    return d;
  }

  double percent() {
    Token n = expect(TokenType.NUMBER, "a percentage such as 5%");
    expect(TokenType.PERCENT, "'%'");
    double v = number(n);
    if (!(v >= 0 && v <= 1000)) {
      throw error(n, "percentage must be between 0 and 1000");
    }
    return v / 100;
  }

  int integer(int min, int max, String what) {
    Token n = expect(TokenType.NUMBER, what);
    double v = number(n);
    if (v != Math.rint(v) || v < min || v > max) {
      throw error(n, "expected an integer between " + min + " and " + max);
    }
    return (int) v;
  }

  double number(Token t) {
    double v = Double.parseDouble(t.text());
    if (Double.isInfinite(v)) {
      throw error(t, "number out of range");
    }
    return v;
  }

  void once(boolean seen, Token t) {
    if (seen) {
      throw error(t, "'" + t.text() + "' is already given");
    }
  }

  private static final List<String> KEYWORDS =
      List.of("last", "from", "to", "step", "zone", "by", "compare", "now");

  static boolean isKeyword(Token t) {
    return t.type() == TokenType.IDENT && KEYWORDS.contains(t.text());
  }

  Token peek() {
    return tokens.get(at);
  }

  Token peekAt(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  Token advance() {
    Token t = tokens.get(at);
    if (t.type() != TokenType.EOF) {
      at++;
    }
    return t;
  }

  Token expect(TokenType type, String what) {
    Token t = peek();
    if (t.type() != type) {
      throw error(t, "expected " + what + ", found " + t.describe());
    }
    return advance();
  }

  void expectWord(String word) {
    Token t = peek();
    if (!t.isWord(word)) {
      throw error(t, "expected '" + word + "', found " + t.describe());
    }
    advance();
  }

  QueryException error(Token t, String reason) {
    return QueryException.parse(src, t.start(), reason);
  }
}
