package dev.tidemark.server.wal;

import dev.tidemark.server.config.Durations;
import java.time.Duration;

/**
 * The bounds of the write-ahead queue: bytes and age not yet in the database, and free disk. Free
 * disk is a system call, so it is sampled at most once a second.
 */
public final class Backpressure {
  private final WriteAheadLog wal;
  private final StorageWriter writer;
  private final long maxLagBytes;
  private final Duration maxLagAge;
  private final long minFreeDisk;
  private volatile long freeDisk = Long.MAX_VALUE;
  private volatile long freeDiskCheckedAt;

  public Backpressure(
      WriteAheadLog wal,
      StorageWriter writer,
      long maxLagBytes,
      Duration maxLagAge,
      long minFreeDisk) {
    this.wal = wal;
    this.writer = writer;
    this.maxLagBytes = maxLagBytes;
    this.maxLagAge = maxLagAge;
    this.minFreeDisk = minFreeDisk;
  }

  /** Why ingest must wait now, or null when it may go on. */
  public String refusal() {
    long lag = writer.lagBytes();
    if (lag > maxLagBytes) {
      return "the database is behind the write-ahead queue [lagBytes="
          + lag
          + ", max="
          + maxLagBytes
          + "]";
    }
    Duration age = writer.lagAge();
    if (age.compareTo(maxLagAge) > 0) {
      return "the database is behind the write-ahead queue [lagAge="
          + Durations.format(age)
          + ", max="
          + Durations.format(maxLagAge)
          + "]";
    }
    long free = freeDisk();
    if (free >= 0 && free < minFreeDisk) {
      return "free disk is below the floor [freeBytes=" + free + ", min=" + minFreeDisk + "]";
    }
    return null;
  }

  public int retryAfterSeconds() {
    return writer.healthy() ? 1 : 5;
  }

  public long freeDisk() {
    long now = System.currentTimeMillis();
    if (now - freeDiskCheckedAt > 1000) {
      freeDisk = wal.freeDiskBytes();
      freeDiskCheckedAt = now;
    }
    return freeDisk;
  }
}
