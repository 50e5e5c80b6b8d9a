package dev.tidemark.bench.peers;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends pre-encoded remote_write bodies over a fixed number of connections (one blocking HTTP/1.1
 * connection per sender thread, {@link RawHttp}). Unpaced, each sender takes the next body as soon
 * as its last one is answered; paced, body {@code i} is due at {@code start + i / rate} and its
 * latency counts from then, so a slow answer delays nothing it should not (no coordinated
 * omission). A 429 or 503 is retried after its Retry-After; a sample counts as acknowledged only
 * with a 2xx.
 */
public final class Load {
  public record Result(
      long ackedSamples, long failedBodies, double seconds, Histogram latencyMicros) {}

  private Load() {}

  public static Result send(
      String url, List<byte[]> bodies, int samplesPerBody, int connections, double bodiesPerSec)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    Recorder latency = new Recorder(3);
    long start = System.nanoTime();
    Thread[] threads = new Thread[connections];
    for (int k = 0; k < connections; k++) {
      threads[k] =
          new Thread(
              () -> {
                RawHttp client =
                    new RawHttp(
                        url,
                        "Content-Type: application/x-protobuf",
                        "Content-Encoding: snappy",
                        "X-Prometheus-Remote-Write-Version: 0.1.0");
                for (int i = next.getAndIncrement();
                    i < bodies.size();
                    i = next.getAndIncrement()) {
                  long due =
                      bodiesPerSec > 0
                          ? start + (long) (i * 1e9 / bodiesPerSec)
                          : System.nanoTime();
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    sleepNanos(wait);
                  }
                  Optional<String> error = post(client, bodies.get(i));
                  latency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                  if (error.isEmpty()) {
                    acked.addAndGet(samplesPerBody);
                  } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error.get());
                  }
                }
                client.close();
              },
              "bench-load-" + k);
      threads[k].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (firstError.get() != null) {
      System.out.println("  first refused body: " + firstError.get());
    }
    return new Result(acked.get(), failed.get(), seconds, latency.getIntervalHistogram());
  }

  private static Optional<String> post(RawHttp client, byte[] body) {
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        RawHttp.Answer r = client.post(body);
        int status = r.status();
        if (status / 100 == 2) {
          return Optional.empty();
        }
        if (status != 429 && status != 503) {
          return Optional.of(status + " " + r.body());
        }
        long retry =
            Optional.ofNullable(r.headers().get("retry-after")).map(Long::parseLong).orElse(1L)
                * 1000;
        Thread.sleep(Math.min(retry, 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("interrupted");
      } catch (Exception e) {
        return Optional.of(e.toString());
      }
    }
    return Optional.of("still refused after 600 attempts");
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
