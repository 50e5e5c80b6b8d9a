package dev.tidemark.agent.ship;

import dev.tidemark.agent.config.AgentConfig;
import java.net.URI;
import java.time.Duration;

/** What the shipper needs from the configuration. */
public record ShipperOptions(
    String agentId,
    URI server,
    String token,
    Duration timeout,
    int batchSize,
    long batchBytes,
    Duration batchAge,
    Duration backoffInitial,
    Duration backoffMax,
    String format,
    String compression) {

  /** Compact batches, zstd-compressed: the default. */
  public ShipperOptions(
      String agentId,
      URI server,
      String token,
      Duration timeout,
      int batchSize,
      long batchBytes,
      Duration batchAge,
      Duration backoffInitial,
      Duration backoffMax) {
    this(
        agentId,
        server,
        token,
        timeout,
        batchSize,
        batchBytes,
        batchAge,
        backoffInitial,
        backoffMax,
        "compact",
        "zstd");
  }

  /** Spool bytes per batch: the JSON body stays well under the server's 16 MiB default limit. */
  public static final long DEFAULT_BATCH_BYTES = 4L << 20;

  public static ShipperOptions from(AgentConfig c) {
    return new ShipperOptions(
        c.agentId(),
        c.serverUri(),
        c.serverToken(),
        c.serverTimeout(),
        c.shipBatchSize(),
        DEFAULT_BATCH_BYTES,
        c.shipBatchAge(),
        c.backoffInitial(),
        c.backoffMax(),
        c.shipFormat(),
        c.shipCompression());
  }
}
