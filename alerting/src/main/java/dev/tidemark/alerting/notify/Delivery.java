package dev.tidemark.alerting.notify;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends bodies to one target from a bounded queue on a thread of its own, retrying server errors
 * and connection failures with exponential backoff; a 4xx other than 429 is not retried (the body
 * will not get better). When the queue is full a body is dropped and counted, never queued without
 * limit. Logs name the target only by {@link Target#redacted()}.
 */
public final class Delivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** Waits between tries; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** Told of every outcome, e.g. to count them in the server's metrics. */
  public interface Listener {
    void sent(int alerts);

    void failedAttempt();

    void dropped(int alerts);

    Listener NONE =
        new Listener() {
          @Override
          public void sent(int alerts) {}

          @Override
          public void failedAttempt() {}

          @Override
          public void dropped(int alerts) {}
        };
  }

  private record Job(byte[] body, int alerts) {}

  private final Target target;
  private final HttpTransport transport;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Listener listener;
  private final BlockingQueue<Job> queue;
  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private volatile boolean closed;

  public Delivery(
      Target target, HttpTransport transport, Backoff backoff, int capacity, Sleeper sleeper) {
    this(target, transport, backoff, capacity, sleeper, Listener.NONE);
  }

  public Delivery(
      Target target,
      HttpTransport transport,
      Backoff backoff,
      int capacity,
      Sleeper sleeper,
      Listener listener) {
    this.target = target;
    this.listener = listener;
    this.transport = transport;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::loop, "tidemark-notify-" + target.kind().name().toLowerCase());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a body holding {@code alerts} alerts; false (and counted as dropped) when full. */
  public boolean offer(byte[] body, int alerts) {
    if (closed || !queue.offer(new Job(body, alerts))) {
      dropped.addAndGet(alerts);
      listener.dropped(alerts);
      LOG.warn(
          "cannot queue notification: queue is full [target={}, alerts={}]",
          target.redacted(),
          alerts);
      return false;
    }
    return true;
  }

  private void loop() {
    while (!closed || !queue.isEmpty()) {
      Job job;
      try {
        job = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (job == null) {
        continue;
      }
      inFlight.incrementAndGet();
      try {
        deliver(job);
      } catch (InterruptedException e) {
        dropped.addAndGet(job.alerts());
        listener.dropped(job.alerts());
        return;
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private void deliver(Job job) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      String problem;
      boolean retry;
      try {
        int status = transport.post(target.uri(), target.headers(), job.body());
        if (status >= 200 && status < 300) {
          sent.addAndGet(job.alerts());
          listener.sent(job.alerts());
          return;
        }
        problem = "status " + status;
        retry = status >= 500 || status == 429;
      } catch (IOException | RuntimeException e) {
        problem = e.getClass().getSimpleName() + scrub(e.getMessage());
        retry = true;
      }
      failedAttempts.incrementAndGet();
      listener.failedAttempt();
      if (!retry || attempt >= backoff.attempts() || closed) {
        dropped.addAndGet(job.alerts());
        listener.dropped(job.alerts());
        LOG.warn(
            "cannot deliver notification: {} [target={}, attempts={}, alerts={}]",
            problem,
            target.redacted(),
            attempt,
            job.alerts());
        return;
      }
      sleeper.sleep(backoff.delayMillis(attempt));
    }
  }

  /** An exception's message without the target's URL (its path or query may be a secret). */
  String scrub(String message) {
    if (message == null) {
      return "";
    }
    String scrubbed = message.replace(target.uri().toString(), target.redacted());
    String path = target.uri().getRawPath();
    if (path != null && path.length() > 1) {
      scrubbed = scrubbed.replace(path, "/…");
    }
    String query = target.uri().getRawQuery();
    if (query != null && !query.isEmpty()) {
      scrubbed = scrubbed.replace(query, "…");
    }
    return ": " + scrubbed;
  }

  public Target target() {
    return target;
  }

  /** Alerts delivered. */
  public long sent() {
    return sent.get();
  }

  /** Tries that failed (each retry counts). */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /** Alerts given up on: retries exhausted, refused, or the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Bodies waiting or being sent. */
  public long pending() {
    return queue.size() + inFlight.get();
  }

  /** Stops taking bodies and gives queued ones up to the timeout to go out. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.interrupt();
  }
}
