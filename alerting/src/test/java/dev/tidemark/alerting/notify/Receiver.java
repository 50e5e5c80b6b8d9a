package dev.tidemark.alerting.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on loopback that records bodies and answers scripted status codes. */
final class Receiver implements AutoCloseable {
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> paths = new CopyOnWriteArrayList<>();
  private final int[] statuses;
  private final AtomicInteger calls = new AtomicInteger();
  private final HttpServer server;

  /** Answers {@code statuses} in turn, then 200. */
  Receiver(int... statuses) throws IOException {
    this.statuses = statuses;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          paths.add(ex.getRequestURI().toString());
          int n = calls.getAndIncrement();
          ex.sendResponseHeaders(n < statuses.length ? statuses[n] : 200, -1);
          ex.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
