package dev.tidemark.protocol;

/**
 * The request as a whole cannot be read (not JSON, truncated, wrong top-level shape): nothing in it
 * is stored.
 */
public final class BatchFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public BatchFormatException(String message) {
    super(message);
  }

  public BatchFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
