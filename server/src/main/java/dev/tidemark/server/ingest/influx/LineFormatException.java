package dev.tidemark.server.ingest.influx;

/** A line that does not follow the line-protocol syntax; the message is the cause only. */
final class LineFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  LineFormatException(String cause) {
    super(cause, null, false, false);
  }
}
