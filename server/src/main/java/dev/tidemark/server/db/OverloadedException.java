package dev.tidemark.server.db;

/** Every database worker is busy and the bounded queue in front of them is full. */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OverloadedException(String message) {
    super(message, null, false, false);
  }
}
