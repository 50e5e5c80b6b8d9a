package dev.tidemark.server.alerting;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A webhook on loopback that keeps every JSON body it receives. */
final class WebhookReceiver implements AutoCloseable {
  final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          bodies.add(new JsonObject(body));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Waits until a body matches; fails after {@code timeout}. */
  JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonObject b : bodies) {
        if (match.test(b)) {
          return b;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no matching webhook body within " + timeout + "; got " + bodies);
  }

  static Predicate<JsonObject> status(String status, String alertname) {
    return b ->
        b.getJsonArray("alerts").stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                a ->
                    a.getString("status").equals(status)
                        && alertname.equals(a.getJsonObject("labels").getString("alertname")));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
