package dev.tidemark.server.ingest.remotewrite;

import dev.tidemark.server.ingest.RefusedRequestException;

/**
 * A remote_write request that cannot be read as a whole; nothing of it is stored. {@code status} is
 * what the client gets: 400 (Prometheus drops the request and does not retry) or 413.
 */
final class RemoteWriteException extends RefusedRequestException {
  private static final long serialVersionUID = 1L;

  RemoteWriteException(int status, String message) {
    super(status, message);
  }

  static RemoteWriteException malformed(String message) {
    return new RemoteWriteException(400, message);
  }
}
