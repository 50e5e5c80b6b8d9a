package dev.tidemark.bench.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts pre-built HTTP/1.1 requests over fixed keep-alive sockets, one thread per connection, and
 * counts the CPU time those threads spent. The client is written by hand on a plain socket so that
 * its whole cost sits on its own threads (no selector or executor threads of an HTTP client
 * library): the server's share of the process CPU is then the process CPU minus this.
 */
final class RawSender {
  record Result(long ackedRequests, long refused, double seconds, long senderCpuNanos) {}

  private RawSender() {}

  /** Builds one request: headers then body. */
  static byte[] request(String path, String contentType, String encoding, byte[] body) {
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            + contentType
            + (encoding == null ? "" : "\r\nContent-Encoding: " + encoding)
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + body.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  static Result send(int port, List<byte[]> requests, int connections) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicInteger next = new AtomicInteger();
    AtomicLong acked = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    Thread[] senders = new Thread[connections];
    long start = System.nanoTime();
    for (int k = 0; k < connections; k++) {
      senders[k] =
          new Thread(
              () -> {
                long cpu0 = threads.getCurrentThreadCpuTime();
                try (Socket s = new Socket("127.0.0.1", port)) {
                  s.setTcpNoDelay(true);
                  OutputStream out = s.getOutputStream();
                  InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
                  for (int i = next.getAndIncrement();
                      i < requests.size();
                      i = next.getAndIncrement()) {
                    out.write(requests.get(i));
                    out.flush();
                    String status = readResponse(in);
                    if (status.startsWith("HTTP/1.1 2")) {
                      acked.incrementAndGet();
                    } else {
                      refused.incrementAndGet();
                      firstError.compareAndSet(null, status);
                    }
                  }
                } catch (IOException e) {
                  firstError.compareAndSet(null, e.toString());
                }
                cpu.addAndGet(threads.getCurrentThreadCpuTime() - cpu0);
              },
              "bench-raw-sender-" + k);
      senders[k].start();
    }
    for (Thread t : senders) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (firstError.get() != null) {
      System.out.println("  first refused request: " + firstError.get());
    }
    return new Result(acked.get(), refused.get(), seconds, cpu.get());
  }

  /** Reads one response; returns its status line. Bodies are skipped by their Content-Length. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    String status = null;
    long length = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
        continue;
      }
      if (line.length() == 0) {
        break;
      }
      String l = line.toString();
      if (status == null) {
        status = l;
      } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Long.parseLong(l.substring(15).trim());
      }
      line.setLength(0);
    }
    in.skipNBytes(length);
    return status;
  }
}
