package dev.tidemark.agent.ship;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the shipper has done since start, for {@code status}. Written by the shipper thread only.
 */
public final class ShipStats {
  final AtomicLong shippedBatches = new AtomicLong();
  final AtomicLong shippedEntries = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong wireBytes = new AtomicLong();
  final AtomicLong newEpochs = new AtomicLong();
  volatile String format = "";
  final AtomicLong errors = new AtomicLong();
  volatile long lastShipAt;
  volatile long lastBatch = -1;
  volatile String lastError = "";
  volatile long lastErrorAt;

  /** Append time of the oldest entry not yet shipped, 0 when none is known to wait. */
  volatile long oldestWaitingSince;

  volatile boolean retrying;

  /** The shipper stopped on an error it cannot retry (unreadable spool or state). */
  volatile boolean failed;

  public boolean failed() {
    return failed;
  }

  public long shippedBatches() {
    return shippedBatches.get();
  }

  public long shippedEntries() {
    return shippedEntries.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  /** Request body bytes sent (compressed, retries included). */
  public long wireBytes() {
    return wireBytes.get();
  }

  /** Times the server asked for the series anew (409) or an epoch filled up. */
  public long newEpochs() {
    return newEpochs.get();
  }

  /** The wire format in use: {@code compact+zstd}, {@code json}, … */
  public String format() {
    return format;
  }

  public long errors() {
    return errors.get();
  }

  public long lastShipAt() {
    return lastShipAt;
  }

  public long lastBatch() {
    return lastBatch;
  }

  public String lastError() {
    return lastError;
  }

  public long lastErrorAt() {
    return lastErrorAt;
  }

  public long oldestWaitingSince() {
    return oldestWaitingSince;
  }

  public boolean retrying() {
    return retrying;
  }
}
