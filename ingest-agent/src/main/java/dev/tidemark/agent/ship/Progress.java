package dev.tidemark.agent.ship;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A progress line every few seconds while a large backlog drains, and one when it is done. */
final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tidemark.agent.progress");
  static final long LARGE_BACKLOG = 10_000;
  private static final long EVERY_MS = 5_000;

  private boolean draining;
  private long lastAt;
  private long lastShipped;

  void update(long backlogEntries, long backlogBytes, long shippedTotal) {
    long now = System.currentTimeMillis();
    if (!draining) {
      if (backlogEntries >= LARGE_BACKLOG) {
        draining = true;
        lastAt = now;
        lastShipped = shippedTotal;
        LOG.info(
            "draining spool backlog: {} entries ({} KiB) to ship",
            backlogEntries,
            backlogBytes >> 10);
      }
      return;
    }
    if (backlogEntries == 0) {
      draining = false;
      LOG.info("spool backlog drained");
      return;
    }
    if (now - lastAt >= EVERY_MS) {
      double rate = (shippedTotal - lastShipped) * 1000.0 / (now - lastAt);
      LOG.info(
          "draining spool backlog: {} entries ({} KiB) left, {} entries/s, about {}s to go",
          backlogEntries,
          backlogBytes >> 10,
          Math.round(rate),
          rate > 0 ? Math.round(backlogEntries / rate) : "?");
      lastAt = now;
      lastShipped = shippedTotal;
    }
  }
}
