package dev.tidemark.traces.otlp;

/** An OTLP request that cannot be read as a whole (400; nothing of it is stored). */
public final class OtlpFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OtlpFormatException(String message) {
    super(message, null, false, false);
  }
}
