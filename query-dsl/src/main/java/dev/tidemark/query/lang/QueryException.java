package dev.tidemark.query.lang;

/**
 * A query the language cannot accept, with the position of the offending character. The message has
 * the house shape {@code cannot <verb> query: <cause> [line=…, column=…]} followed by the source
 * line and a caret under the offending character.
 */
public final class QueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String verb;
  private final String reason;
  private final int position;
  private final int line;
  private final int column;
  private final String sourceLine;

  private QueryException(String verb, String source, int position, String reason) {
    super(render(verb, source, position, reason), null, false, false);
    this.verb = verb;
    this.reason = reason;
    this.position = position;
    if (position >= 0) {
      int[] lc = lineAndColumn(source, position);
      this.line = lc[0];
      this.column = lc[1];
      this.sourceLine = sourceLine(source, position);
    } else {
      this.line = -1;
      this.column = -1;
      this.sourceLine = "";
    }
  }

  /** A syntax error at a character offset (0-based) of {@code source}. */
  public static QueryException parse(String source, int position, String reason) {
    return new QueryException("parse", source, Math.min(position, source.length()), reason);
  }

  /**
   * A query that parses but cannot be planned or run; position is -1 when no clause is to blame.
   */
  public static QueryException plan(String source, int position, String reason) {
    return new QueryException("plan", source, Math.min(position, source.length()), reason);
  }

  /** A query that failed while it ran (limits, timeouts). */
  public static QueryException evaluate(String reason) {
    return new QueryException("evaluate", "", -1, reason);
  }

  /** What went wrong, without position or source. */
  public String reason() {
    return reason;
  }

  /** {@code parse}, {@code plan} or {@code evaluate}. */
  public String verb() {
    return verb;
  }

  /** 0-based character offset of the offending character, or -1. */
  public int position() {
    return position;
  }

  /** 1-based line, or -1. */
  public int line() {
    return line;
  }

  /** 1-based column (in characters), or -1. */
  public int column() {
    return column;
  }

  /** The source line holding the offending character. */
  public String sourceLine() {
    return sourceLine;
  }

  /** A line with a caret under the offending character. */
  public String caretLine() {
    return column < 1 ? "" : " ".repeat(column - 1) + "^";
  }

  private static String render(String verb, String source, int position, String reason) {
    String head = "cannot " + verb + " query: " + reason;
    if (position < 0) {
      return head;
    }
    int[] lc = lineAndColumn(source, position);
    return head
        + " [line="
        + lc[0]
        + ", column="
        + lc[1]
        + "]\n"
        + sourceLine(source, position)
        + "\n"
        + " ".repeat(lc[1] - 1)
        + "^";
  }

  private static int[] lineAndColumn(String source, int position) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < position && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, position - lineStart + 1};
  }

  private static String sourceLine(String source, int position) {
    int start = position == 0 ? 0 : source.lastIndexOf('\n', position - 1) + 1;
    int end = source.indexOf('\n', position);
    return source.substring(start, end < 0 ? source.length() : end).replace('\t', ' ');
  }
}
