package dev.tidemark.query.promql;

/**
 * A PromQL query that cannot run. {@link Kind#BAD_DATA} marks queries that do not parse, do not
 * type-check or use PromQL that Tidemark does not support (HTTP 400, {@code bad_data}); {@link
 * Kind#EXECUTION} marks queries that parse but fail while evaluating (HTTP 422, {@code execution});
 * {@link Kind#UNAVAILABLE} marks queries that may run later, when other queries have given back
 * what they hold (HTTP 503, {@code unavailable}).
 */
public final class PromQlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The Prometheus error type a failure maps to. */
  public enum Kind {
    BAD_DATA,
    EXECUTION,
    UNAVAILABLE
  }

  private final Kind kind;
  private final int position;

  private PromQlException(Kind kind, String message, int position) {
    super(message);
    this.kind = kind;
    this.position = position;
  }

  /** A parse or type error at a character position (0-based), message in the house shape. */
  public static PromQlException parse(String cause, int position) {
    return new PromQlException(
        Kind.BAD_DATA, "cannot parse query: " + cause + " [position=" + position + "]", position);
  }

  /** A failure while evaluating a query that parsed. */
  public static PromQlException execution(String cause) {
    return new PromQlException(Kind.EXECUTION, "cannot evaluate query: " + cause, -1);
  }

  /** A query that cannot run now for what other queries hold, and may later. */
  public static PromQlException unavailable(String cause) {
    return new PromQlException(Kind.UNAVAILABLE, "cannot evaluate query: " + cause, -1);
  }

  public Kind kind() {
    return kind;
  }

  /** Offending character (0-based), or -1 for execution errors. */
  public int position() {
    return position;
  }
}
