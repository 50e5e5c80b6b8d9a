package dev.tidemark.agent.cli;

import dev.tidemark.agent.collect.Collectors;
import dev.tidemark.agent.collect.EnvironmentSnapshot;
import dev.tidemark.agent.collect.ProcessTarget;
import dev.tidemark.agent.config.AgentConfig;
import dev.tidemark.agent.record.RecordEndpoint;
import dev.tidemark.agent.record.RecordFlusher;
import dev.tidemark.agent.record.Recording;
import dev.tidemark.agent.scrape.Scraper;
import dev.tidemark.agent.ship.DeadLetters;
import dev.tidemark.agent.ship.ShipState;
import dev.tidemark.agent.ship.Shipper;
import dev.tidemark.agent.ship.ShipperOptions;
import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolOptions;
import dev.tidemark.agent.status.StatusWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: spool → shipper, with the recording library, its loopback endpoint, the host
 * collectors and the status file around it. One agent per spool directory (a file lock says so).
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  static final int MAX_RECORDED_SERIES = 10_000;

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private Spool spool;
  private Shipper shipper;
  private Recording recording;
  private RecordEndpoint endpoint;

  private Agent() {}

  public static Agent start(AgentConfig config) {
    Agent a = new Agent();
    try {
      a.startAll(config);
      return a;
    } catch (RuntimeException | IOException e) {
      a.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start agent: " + io, io);
      }
      throw (RuntimeException) e;
    }
  }

  private void startAll(AgentConfig config) throws IOException {
    Path dir = config.spoolDir();
    Files.createDirectories(dir);
    lock(dir);
    ShipState state = ShipState.load(dir);
    spool =
        Spool.open(
            dir, new SpoolOptions(config.spoolMaxBytes(), config.spoolRoll()), state.lastShipped());
    open.push(spool);
    DeadLetters deadLetters = new DeadLetters(dir, 64L << 20);
    shipper = Shipper.start(spool, state, ShipperOptions.from(config), deadLetters);
    // closed after the shipper, so its last write shows where shipping stopped
    open.push(
        new StatusWriter(
            dir,
            config.agentId(),
            spool,
            shipper.stats(),
            deadLetters,
            this::recordPort,
            config.statusInterval()));
    open.push(shipper);
    recording = new Recording(config.labels(), MAX_RECORDED_SERIES);
    open.push(new RecordFlusher(recording, spool, config.recordInterval()));
    if (config.recordPort() >= 0) {
      endpoint = RecordEndpoint.start(config.recordPort(), recording, config.recordUnit());
      open.push(endpoint);
    }
    if (!config.scrapeTargets().isEmpty()) {
      open.push(
          Scraper.start(
              spool,
              config.scrapeTargets(),
              config.labels(),
              config.scrapeJob(),
              config.scrapeInterval(),
              config.scrapeTimeout()));
    }
    if (config.collectEnabled()) {
      open.push(
          Collectors.start(
              spool,
              config.labels(),
              config.collectInterval(),
              config.collectSlowInterval(),
              new ProcessTarget(
                  config.processPidFile(), config.processName(), config.processPort())));
      Path env = EnvironmentSnapshot.writeOnce(dir, config.labels(), config.environmentVars());
      LOG.info("environment snapshot in {}", env);
    }
    LOG.info(
        "tidemark-agent {} running [server={}, spool={}, backlogEntries={}, record={}]",
        config.agentId(),
        config.serverUri(),
        dir.toAbsolutePath(),
        spool.backlogEntries(),
        endpoint == null ? "off" : "http://127.0.0.1:" + endpoint.port() + "/record");
  }

  private void lock(Path dir) throws IOException {
    FileChannel ch =
        FileChannel.open(
            dir.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      throw new IllegalStateException(
          "cannot start agent: another agent uses this spool [dir=" + dir.toAbsolutePath() + "]");
    }
    open.push(ch);
  }

  public Recording recording() {
    return recording;
  }

  public Spool spool() {
    return spool;
  }

  public Shipper shipper() {
    return shipper;
  }

  /** The record endpoint's port, or -1 when it is off. */
  public int recordPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** Stops collecting, flushes recorded values to the spool, stops shipping, closes the spool. */
  @Override
  public void close() {
    while (!open.isEmpty()) {
      AutoCloseable c = open.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("cannot close {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
