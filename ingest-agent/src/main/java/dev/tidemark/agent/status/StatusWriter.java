package dev.tidemark.agent.status;

import dev.tidemark.agent.ship.DeadLetters;
import dev.tidemark.agent.ship.ShipStats;
import dev.tidemark.agent.spool.Spool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@code status.json} every interval on its own thread, and once more on close. */
public final class StatusWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  private final Path file;
  private final StatusFile.Mapped mapped;
  private final String agent;
  private final Spool spool;
  private final ShipStats ship;
  private final DeadLetters deadLetters;
  private final IntSupplier recordPort;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tidemark-status"));
  private volatile boolean running = true;

  public StatusWriter(
      Path spoolDir,
      String agent,
      Spool spool,
      ShipStats ship,
      DeadLetters deadLetters,
      IntSupplier recordPort,
      Duration interval) {
    this.file = StatusFile.in(spoolDir);
    this.mapped = new StatusFile.Mapped(file);
    this.agent = agent;
    this.spool = spool;
    this.ship = ship;
    this.deadLetters = deadLetters;
    this.recordPort = recordPort;
    timer.scheduleAtFixedRate(this::write, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void write() {
    try {
      mapped.write(snapshot());
    } catch (RuntimeException e) {
      LOG.warn("cannot write status: {}", e.toString());
    }
  }

  Map<String, Object> snapshot() {
    long now = System.currentTimeMillis();
    long oldest = ship.oldestWaitingSince();
    long backlog = spool.backlogEntries();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("agent", agent);
    v.put("pid", ProcessHandle.current().pid());
    v.put("running", running);
    v.put("updatedAt", now);
    v.put("backlogEntries", backlog);
    v.put("backlogBytes", spool.backlogBytes());
    v.put("backlogAgeMs", backlog > 0 && oldest > 0 ? Math.max(0, now - oldest) : 0);
    v.put("spoolMaxBytes", spool.maxBytes());
    v.put("spoolFull", spool.backlogBytes() >= spool.maxBytes());
    v.put("refusedSamples", spool.refused());
    v.put("lastShipAt", ship.lastShipAt());
    v.put("lastBatch", ship.lastBatch());
    v.put("shippedBatches", ship.shippedBatches());
    v.put("shippedEntries", ship.shippedEntries());
    v.put("duplicateBatches", ship.duplicates());
    v.put("wireFormat", ship.format());
    v.put("wireBytes", ship.wireBytes());
    v.put("newEpochs", ship.newEpochs());
    v.put("errors", ship.errors());
    v.put("retrying", ship.retrying());
    v.put("shipperFailed", ship.failed());
    v.put("lastError", ship.lastError());
    v.put("lastErrorAt", ship.lastErrorAt());
    v.put("deadLetters", deadLetters.count());
    v.put("deadLetterFile", deadLetters.file().toString());
    v.put("recordPort", recordPort.getAsInt());
    return v;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
    write();
  }
}
