package dev.tidemark.server.ingest.influx;

import dev.tidemark.server.ingest.RefusedRequestException;

/** A write with more samples than one request may carry: 413, and Telegraf splits the batch. */
final class TooManySamplesException extends RefusedRequestException {
  private static final long serialVersionUID = 1L;

  TooManySamplesException(int max) {
    super(
        413,
        "cannot ingest write: too many samples in one request [max="
            + max
            + "]; send smaller batches");
  }
}
