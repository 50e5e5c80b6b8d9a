package dev.tidemark.server.ingest.influx;

/** A write with more samples than one request may carry: 413, and Telegraf splits the batch. */
final class TooManySamplesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TooManySamplesException(int max) {
    super(
        "cannot ingest write: too many samples in one request [max="
            + max
            + "]; send smaller batches",
        null,
        false,
        false);
  }
}
