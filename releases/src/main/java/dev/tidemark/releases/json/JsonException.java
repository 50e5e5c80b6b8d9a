package dev.tidemark.releases.json;

/** Text that is not the JSON asked for; {@link #line()} is 0 when unknown. */
public final class JsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final String detail;

  JsonException(String detail, int line) {
    super("cannot decode JSON: " + detail + (line > 0 ? " [line=" + line + "]" : ""));
    this.detail = detail;
    this.line = line;
  }

  public int line() {
    return line;
  }

  /** The cause without the message's frame, e.g. {@code Unexpected end-of-input}. */
  public String detail() {
    return detail;
  }
}
