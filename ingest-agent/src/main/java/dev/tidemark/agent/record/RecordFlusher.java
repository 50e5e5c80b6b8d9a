package dev.tidemark.agent.record;

import dev.tidemark.agent.spool.Spool;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Spools what was recorded every interval, on its own thread; flushes once more on close. */
public final class RecordFlusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordFlusher.class);

  private final Recording recording;
  private final Spool spool;
  private final ScheduledExecutorService timer;

  public RecordFlusher(Recording recording, Spool spool, Duration interval) {
    this.recording = recording;
    this.spool = spool;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "tidemark-record-flush"));
    long ms = interval.toMillis();
    timer.scheduleAtFixedRate(this::flush, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void flush() {
    try {
      recording.flushTo(spool, System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warn("cannot flush recorded values: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      if (timer.awaitTermination(5, TimeUnit.SECONDS)) {
        flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
