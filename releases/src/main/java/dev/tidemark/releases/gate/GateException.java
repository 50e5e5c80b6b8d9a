package dev.tidemark.releases.gate;

/** The gate cannot decide (exit 2); the message names why. */
final class GateException extends Exception {
  private static final long serialVersionUID = 1L;

  GateException(String message) {
    super(message);
  }
}
