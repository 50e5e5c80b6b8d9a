package dev.tidemark.query.promql.lang;

import dev.tidemark.query.promql.PromQlException;
import dev.tidemark.query.promql.lang.Token.Type;
import java.util.List;

/** A position in the token list, with the error helpers the parsers share. */
final class Cursor {
  private final List<Token> tokens;
  private int at;

  Cursor(List<Token> tokens) {
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(at);
  }

  Token peekAt(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  Token advance() {
    Token t = tokens.get(at);
    if (t.type() != Type.EOF) {
      at++;
    }
    return t;
  }

  Token expect(Type type, String what) {
    if (peek().type() != type) {
      throw unexpected(what);
    }
    return advance();
  }

  PromQlException unexpected(String expected) {
    return PromQlException.parse(
        "expected " + expected + ", found " + peek().describe(), peek().position());
  }

  static PromQlException unsupported(String what, int position) {
    return PromQlException.parse(what + " is not supported", position);
  }
}
