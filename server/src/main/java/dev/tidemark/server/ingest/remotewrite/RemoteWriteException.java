package dev.tidemark.server.ingest.remotewrite;

/**
 * A remote_write request that cannot be read as a whole; nothing of it is stored. {@code status} is
 * what the client gets: 400 (Prometheus drops the request and does not retry) or 413.
 */
final class RemoteWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  RemoteWriteException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static RemoteWriteException malformed(String message) {
    return new RemoteWriteException(400, message);
  }

  int status() {
    return status;
  }
}
