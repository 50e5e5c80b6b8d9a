package dev.tidemark.agent.record;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /record} on loopback only: lines of {@link RecordLine} so a benchmark in any language
 * can record values. 204 when every line was recorded, 400 naming the first bad line (no line of
 * that request is recorded), 413 over 1 MiB.
 *
 * <pre>
 * curl -s --data-binary 'latency checkout_latency 1532 op=checkout' http://127.0.0.1:8471/record
 * </pre>
 *
 * <p>Requests run on one thread the endpoint owns, behind a bounded queue; when it is full the JDK
 * server's dispatcher runs the request itself, which stops accepting: backpressure over TCP.
 */
public final class RecordEndpoint implements AutoCloseable {
  static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final Recording recording;
  private final String unit;

  private RecordEndpoint(HttpServer server, Recording recording, String unit) {
    this.server = server;
    this.recording = recording;
    this.unit = unit;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            r -> new Thread(r, "tidemark-record-http"),
            new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(executor);
    server.createContext("/record", this::handle);
  }

  public static RecordEndpoint start(int port, Recording recording, String unit)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    RecordEndpoint e = new RecordEndpoint(server, recording, unit);
    server.start();
    return e;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().add("Allow", "POST");
        reply(ex, 405, "cannot record: use POST /record");
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        reply(ex, 413, "cannot record: body is larger than 1 MiB [max=" + MAX_BODY + "]");
        return;
      }
      List<RecordLine> lines = new ArrayList<>();
      try {
        String[] text = new String(body, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < text.length; i++) {
          RecordLine line = RecordLine.parse(text[i], i + 1);
          if (line != null) {
            lines.add(line);
          }
        }
        for (RecordLine line : lines) {
          line.applyTo(recording, unit);
        }
      } catch (IllegalArgumentException e) {
        reply(ex, 400, e.getMessage());
        return;
      }
      ex.sendResponseHeaders(204, -1);
    }
  }

  private static void reply(HttpExchange ex, int status, String message) throws IOException {
    byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
