package dev.tidemark.server.ingest;

/**
 * A request an ingest format refuses as a whole; nothing of it is stored. {@code status} is what
 * the client gets: 400 for a body that cannot be read (counted as {@code malformed_request};
 * clients do not retry it), 413 for one too large to take (clients split it and send again).
 */
public class RefusedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public RefusedRequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
