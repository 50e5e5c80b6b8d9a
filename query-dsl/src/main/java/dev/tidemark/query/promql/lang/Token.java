package dev.tidemark.query.promql.lang;

/**
 * One lexical token of PromQL.
 *
 * @param type what it is
 * @param text the source text (for strings: the unescaped value)
 * @param position offset of its first character in the query
 */
public record Token(Type type, String text, int position) {

  /** Token kinds. Operators and punctuation keep their text in {@link #text()}. */
  public enum Type {
    IDENT,
    NUMBER,
    DURATION,
    STRING,
    OP,
    LPAREN,
    RPAREN,
    LBRACE,
    RBRACE,
    LBRACKET,
    RBRACKET,
    COMMA,
    COLON,
    AT,
    EOF
  }

  public boolean is(Type t, String s) {
    return type == t && text.equals(s);
  }

  /** How the token reads in an error message. */
  public String describe() {
    return type == Type.EOF ? "end of query" : "\"" + text + "\"";
  }
}
