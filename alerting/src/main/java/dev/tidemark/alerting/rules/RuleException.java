package dev.tidemark.alerting.rules;

/**
 * A rule file or rule that cannot be used, with where the problem is: {@code cannot parse rule
 * file: <cause> [file=…, line=…, column=…]}. Lines and columns count from 1; 0 means unknown.
 */
public final class RuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String cause;
  private final int line;
  private final int column;

  public RuleException(String file, String cause, int line, int column) {
    super(
        "cannot parse rule file: "
            + cause
            + " [file="
            + file
            + (line > 0 ? ", line=" + line + ", column=" + column : "")
            + "]");
    this.cause = cause;
    this.line = line;
    this.column = column;
  }

  /** The problem without its position. */
  public String reason() {
    return cause;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
