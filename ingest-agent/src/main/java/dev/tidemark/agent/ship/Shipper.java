package dev.tidemark.agent.ship;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.agent.spool.SpoolCursor;
import dev.tidemark.agent.spool.SpoolEntry;
import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.BatchCodec;
import dev.tidemark.protocol.HistogramSample;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.compact.CompactFormat;
import dev.tidemark.protocol.compact.CompactWriter;
import dev.tidemark.protocol.compact.Compression;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the spool on its own thread: reads a batch (by size, spool bytes and age), records it as in
 * flight in the {@link ShipState}, POSTs it until the server answers, then commits. A 2xx commits;
 * a 4xx that retrying cannot fix goes to the {@link DeadLetters} and commits; anything else (no
 * connection, 5xx, 429, 401/403/404/408) is retried with backoff, honouring Retry-After.
 *
 * <p>After a crash the batch in flight is read again from its recorded first to last index and sent
 * under the same id; the server's (agent, batch) idempotency then stores it once.
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

  /** How often a shipper waiting for the server's answer checks whether it was stopped. */
  private static final long ANSWER_CHECK_MS = 100;

  /**
   * How long an empty spool is left alone before it is looked at again: half the batch age, at most
   * 500 ms. Each look is a Chronicle tailer read (tens of µs in C1 code); at a fixed 50 ms they
   * were half of the agent's CPU at a 10 s collection interval. A batch still leaves within its
   * age.
   */
  private final long emptyMs;

  private final Spool spool;
  private final ShipState state;
  private final ShipperOptions options;
  private final DeadLetters deadLetters;
  private final IngestClient client;
  private final Backoff backoff;
  private final ShipStats stats = new ShipStats();
  private final Progress progress = new Progress();
  private final Thread thread;

  /**
   * Runs the blocking {@link IngestClient#send}. {@code HttpClient.sendAsync} hands its result to
   * CompletableFuture's default executor, which on a machine of one or two cores starts a new
   * thread per task: a thread per batch. This one thread is the shipper's own; only it is
   * interrupted on close, never the thread that holds the spool open.
   */
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "tidemark-ship-http"));

  /** The compact encoder while the server takes compact batches; null once it answered 415. */
  private CompactWriter compact;

  private volatile boolean running = true;
  private final CountDownLatch stop = new CountDownLatch(1);

  private Shipper(Spool spool, ShipState state, ShipperOptions options, DeadLetters deadLetters) {
    this.spool = spool;
    this.state = state;
    this.options = options;
    this.deadLetters = deadLetters;
    this.client = new IngestClient(options.server(), options.token(), options.timeout());
    this.backoff = new Backoff(options.backoffInitial(), options.backoffMax());
    this.thread = new Thread(this::run, "tidemark-shipper");
    this.emptyMs = Math.max(1, Math.min(500, options.batchAge().toMillis() / 2));
    if (options.format().equals("compact")) {
      compact = new CompactWriter();
      stats.format = "compact+" + options.compression();
    } else {
      stats.format = "json";
    }
  }

  public static Shipper start(
      Spool spool, ShipState state, ShipperOptions options, DeadLetters deadLetters) {
    Shipper s = new Shipper(spool, state, options, deadLetters);
    s.thread.start();
    return s;
  }

  public ShipStats stats() {
    return stats;
  }

  private void run() {
    try (SpoolCursor cursor = spool.cursor()) {
      ShipState.Pending pending = state.pending();
      List<SpoolEntry> entries;
      if (pending != null) {
        cursor.seekTo(pending.start());
        entries = reread(cursor, pending);
        LOG.info(
            "resending batch {} after a restart [entries={}]", pending.batch(), entries.size());
      } else {
        cursor.seekAfter(state.lastShipped());
        entries = null;
      }
      while (running) {
        if (entries == null) {
          entries = collect(cursor);
          if (entries == null) {
            break;
          }
          pending = begin(entries);
        }
        if (!deliver(pending, entries)) {
          break;
        }
        entries = null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("cannot ship spool: {}; shipping has stopped", e.toString(), e);
      stats.failed = true;
      stats.lastError = "cannot ship spool: " + e;
      stats.lastErrorAt = System.currentTimeMillis();
      stats.errors.incrementAndGet();
    }
  }

  private List<SpoolEntry> reread(SpoolCursor cursor, ShipState.Pending pending) {
    List<SpoolEntry> entries = new ArrayList<>(pending.entries());
    while (entries.size() < pending.entries()) {
      SpoolEntry e = cursor.next();
      if (e == null || e.index() > pending.end()) {
        throw new IllegalStateException(
            "cannot reread batch in flight: spool ends early [batch="
                + pending.batch()
                + ", expected="
                + pending.entries()
                + ", found="
                + entries.size()
                + "]");
      }
      entries.add(e);
    }
    stats.oldestWaitingSince = entries.get(0).appendedAt();
    return entries;
  }

  /** Reads the next batch; null when stopped. */
  private List<SpoolEntry> collect(SpoolCursor cursor) throws InterruptedException {
    List<SpoolEntry> batch = new ArrayList<>();
    long items = 0;
    long bytes = 0;
    long deadline = Long.MAX_VALUE;
    while (running) {
      SpoolEntry e = cursor.next();
      if (e != null) {
        if (batch.isEmpty()) {
          deadline = System.nanoTime() + options.batchAge().toNanos();
          stats.oldestWaitingSince = e.appendedAt();
        }
        batch.add(e);
        items += e.items();
        bytes += e.bytes();
        if (items >= options.batchSize() || bytes >= options.batchBytes()) {
          return batch;
        }
      } else {
        long left = deadline - System.nanoTime();
        if (!batch.isEmpty() && left <= 0) {
          return batch;
        }
        // Caught up with a batch begun: nothing is gained by looking again before its age is up
        // (the loop then takes all that arrived meanwhile, up to the batch size). Polling every
        // 10 ms instead cost more than half of this thread's CPU at a 1 s collection interval.
        pause(batch.isEmpty() ? emptyMs : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      if (!batch.isEmpty() && System.nanoTime() >= deadline) {
        return batch;
      }
    }
    return null;
  }

  private ShipState.Pending begin(List<SpoolEntry> entries) {
    long bytes = 0;
    for (SpoolEntry e : entries) {
      bytes += e.bytes();
    }
    ShipState.Pending p =
        new ShipState.Pending(
            state.nextBatch(),
            entries.get(0).index(),
            entries.get(entries.size() - 1).index(),
            entries.size(),
            bytes);
    state.begin(p);
    return p;
  }

  /** Sends until the batch is stored or dead-lettered (true) or the shipper stops (false). */
  private boolean deliver(ShipState.Pending pending, List<SpoolEntry> entries)
      throws InterruptedException {
    Batch batch = toBatch(pending.batch(), entries);
    int conflicts = 0;
    while (running) {
      Wire wire = wire(batch);
      IngestClient.Answer answer;
      try {
        answer = await(send(wire));
        if (answer == null) {
          return false;
        }
      } catch (IOException e) {
        retryLater(pending, "cannot send batch: " + describe(e), null);
        continue;
      }
      int status = answer.status();
      if (status >= 200 && status < 300) {
        if (answer.duplicate()) {
          stats.duplicates.incrementAndGet();
        }
        if (compact != null) {
          compact.acknowledged();
        }
        commit(pending);
        return true;
      }
      if (status == 415 && compact != null) {
        LOG.warn(
            "the server does not take compact batches ({}); sending JSON from now on [batch={}]",
            brief(answer.body()),
            pending.batch());
        compact = null;
        stats.format = "json";
        continue;
      }
      if (status == 409 && compact != null && conflicts++ == 0) {
        // the server does not know this epoch's series (it restarted): define them all again
        compact.newEpoch();
        stats.newEpochs.incrementAndGet();
        continue;
      }
      if (retryable(status) || status == 409) {
        retryLater(
            pending,
            "cannot send batch: server answered " + status + " " + brief(answer.body()),
            answer.retryAfter());
        conflicts = 0;
        continue;
      }
      String message = answer.body() == null ? "" : answer.body();
      stats.lastError =
          "batch " + pending.batch() + " dead-lettered: " + status + " " + brief(message);
      stats.lastErrorAt = System.currentTimeMillis();
      deadLetters.add(
          options.agentId(), pending.batch(), status, message, BatchCodec.encode(batch));
      LOG.warn(
          "cannot ship batch: server refused it, dead-lettered [batch={}, status={}, message={}]",
          pending.batch(),
          status,
          brief(message));
      commit(pending);
      return true;
    }
    return false;
  }

  /** One request's body, content type and encoding. */
  private record Wire(byte[] body, String contentType, String encoding) {}

  /**
   * The batch as the server takes it: compact and compressed while the server accepts that (encoded
   * anew per attempt: after a 409 under a new epoch, with every definition), else JSON.
   */
  private Wire wire(Batch batch) {
    if (compact == null) {
      return new Wire(BatchCodec.encode(batch), "application/json", null);
    }
    byte[] raw = compact.encode(batch);
    String encoding = options.compression().equals("none") ? null : options.compression();
    return new Wire(
        encoding == null ? raw : Compression.compress(encoding, raw),
        CompactFormat.CONTENT_TYPE,
        encoding);
  }

  private static boolean retryable(int status) {
    return status >= 500
        || status == 408
        || status == 429
        || status == 401
        || status == 403
        || status == 404
        || status < 200
        || (status >= 300 && status < 400);
  }

  private void retryLater(ShipState.Pending pending, String message, java.time.Duration retryAfter)
      throws InterruptedException {
    stats.errors.incrementAndGet();
    stats.retrying = true;
    stats.lastError = message;
    stats.lastErrorAt = System.currentTimeMillis();
    long delay = backoff.nextDelayMs(retryAfter);
    LOG.warn("{} [batch={}, retryInMs={}]", message, pending.batch(), delay);
    pause(delay);
  }

  private CompletableFuture<IngestClient.Answer> send(Wire wire) {
    CompletableFuture<IngestClient.Answer> answer = new CompletableFuture<>();
    stats.wireBytes.addAndGet(wire.body().length);
    try {
      sender.execute(
          () -> {
            try {
              answer.complete(client.send(wire.body(), wire.contentType(), wire.encoding()));
            } catch (IOException | InterruptedException | RuntimeException e) {
              answer.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      answer.complete(null); // closed: stop as if stopped while waiting
    }
    return answer;
  }

  /** Waits for the server's answer; null when the shipper is stopped meanwhile. */
  private IngestClient.Answer await(CompletableFuture<IngestClient.Answer> answer)
      throws IOException, InterruptedException {
    while (true) {
      try {
        return answer.get(ANSWER_CHECK_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!running) {
          answer.cancel(true);
          return null;
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof IOException io ? io : new IOException(cause);
      }
    }
  }

  /** Sleeps, but wakes at once when the shipper is stopped (no interrupts: they close files). */
  private void pause(long ms) throws InterruptedException {
    stop.await(ms, TimeUnit.MILLISECONDS);
  }

  private void commit(ShipState.Pending pending) {
    state.commit();
    spool.shipped(pending.end(), pending.entries(), pending.bytes());
    backoff.reset();
    stats.retrying = false;
    stats.lastShipAt = System.currentTimeMillis();
    stats.lastBatch = pending.batch();
    stats.shippedBatches.incrementAndGet();
    stats.shippedEntries.addAndGet(pending.entries());
    stats.oldestWaitingSince = 0;
    progress.update(spool.backlogEntries(), spool.backlogBytes(), stats.shippedEntries.get());
  }

  private Batch toBatch(long id, List<SpoolEntry> entries) {
    List<Sample> samples = new ArrayList<>(entries.size());
    List<HistogramSample> histograms = new ArrayList<>();
    for (SpoolEntry e : entries) {
      if (e.histogram() != null) {
        histograms.add(e.histogram());
      } else {
        samples.addAll(e.samples());
      }
    }
    return new Batch(options.agentId(), id, samples, histograms);
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name + " (server unreachable?)" : name + ": " + e.getMessage();
  }

  private static String brief(String body) {
    if (body == null) {
      return "";
    }
    String s = body.replace('\n', ' ');
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /** Stops shipping; a batch in flight stays recorded and is resent by the next start. */
  @Override
  public void close() {
    running = false;
    stop.countDown();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close(); // a send blocked on its socket fails at once
    sender.shutdownNow(); // interrupts a send in flight, which cancels its request
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
