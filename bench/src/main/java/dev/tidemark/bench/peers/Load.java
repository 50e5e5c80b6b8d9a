package dev.tidemark.bench.peers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends pre-encoded remote_write bodies over a fixed number of connections (one HTTP/1.1 client per
 * sender thread). Unpaced, each sender takes the next body as soon as its last one is answered;
 * paced, body {@code i} is due at {@code start + i / rate} and its latency counts from then, so a
 * slow answer delays nothing it should not (no coordinated omission). A 429 or 503 is retried after
 * its Retry-After; a sample counts as acknowledged only with a 2xx.
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
                HttpClient client =
                    HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
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
                  Optional<String> error = post(client, url, bodies.get(i));
                  latency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                  if (error.isEmpty()) {
                    acked.addAndGet(samplesPerBody);
                  } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error.get());
                  }
                }
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

  private static Optional<String> post(HttpClient client, String url, byte[] body) {
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-protobuf")
                    .header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status / 100 == 2) {
          return Optional.empty();
        }
        if (status != 429 && status != 503) {
          return Optional.of(status + " " + r.body());
        }
        long retry = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L) * 1000;
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
