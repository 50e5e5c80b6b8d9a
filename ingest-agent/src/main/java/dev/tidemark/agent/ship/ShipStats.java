package dev.tidemark.agent.ship;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the shipper has done since start, for {@code status}. Written by the shipper thread only.
 */
public final class ShipStats {
  final AtomicLong shippedBatches = new AtomicLong();
  final AtomicLong shippedEntries = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
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
