package dev.tidemark.protocol.compact;

/**
 * A compact batch refers to a series id the server has no definition of in the agent's epoch (the
 * server restarted or forgot the agent): answered 409, and the agent sends the batch again under a
 * new epoch, every series defined.
 */
public final class UnknownSeriesException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnknownSeriesException(String message) {
    super(message);
  }
}
