package dev.tidemark.query.lang;

/**
 * A token: its type, its text (for strings, the unescaped value), and its start and end offsets in
 * the source.
 */
public record Token(TokenType type, String text, int start, int end) {

  /** Whether this is the identifier {@code word}. */
  public boolean isWord(String word) {
    return type == TokenType.IDENT && text.equals(word);
  }

  /** How error messages quote this token. */
  public String describe() {
    switch (type) {
      case EOF:
        return "end of query";
      case STRING:
        return "string \"" + text + "\"";
      case IDENT:
      case NUMBER:
      case DURATION:
        return "'" + text + "'";
      default:
        return type.description();
    }
  }
}
