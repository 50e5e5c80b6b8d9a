package dev.tidemark.server.db;

/**
 * A bounded hand-off is full (database workers, write-ahead lag, free disk): the request is refused
 * with 503 and {@code Retry-After} rather than queued without limit.
 */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int retryAfterSeconds;

  public OverloadedException(String message) {
    this(message, 1);
  }

  public OverloadedException(String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
