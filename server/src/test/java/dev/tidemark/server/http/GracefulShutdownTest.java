package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a stop does, in order: {@code /ready} answers 503 while requests are still served ({@code
 * server.shutdown.delay}), then the listener closes (new connections are refused, so a load
 * balancer moves on) while a request already in flight is finished and answered.
 */
class GracefulShutdownTest {
  @Test
  void readyTurns503ThenTheListenerClosesAndTheRequestInFlightIsAnswered() throws Exception {
    Tidemark server = TestServer.start(Map.of(ConfigKey.SHUTDOWN_DELAY, "3s"));
    int port = server.port();
    Http http = new Http(port);
    assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    byte[] body = batch("in_flight");
    Thread closer;
    try (Socket inFlight = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = inFlight.getOutputStream();
      out.write(
          ("POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      int half = body.length / 2;
      out.write(body, 0, half); // the request is in flight: headers and half its body are in
      out.flush();

      closer = new Thread(server::close, "test-close");
      closer.start();
      awaitReady503(http);
      assertThat(
              http.post("/api/v1/ingest", "application/json", batch("during_delay")).statusCode())
          .as("requests are still served while /ready answers 503")
          .isEqualTo(204);
      awaitRefused(port);

      out.write(body, half, body.length - half);
      out.flush();
      assertThat(statusLine(inFlight.getInputStream())).isEqualTo("HTTP/1.1 204 No Content");
    }
    closer.join(60_000);
    assertThat(closer.isAlive()).isFalse();
  }

  static byte[] batch(String metric) {
    return ("{\"agent\":\"shutdown\",\"batch\":"
            + System.nanoTime()
            + ",\"samples\":[{\"metric\":\""
            + metric
            + "\",\"labels\":{},\"ts\":"
            + System.currentTimeMillis()
            + ",\"value\":1}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static void awaitReady503(Http http) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> r = http.get("/ready");
      if (r.statusCode() == 503) {
        assertThat(r.body()).contains("shutting down");
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("/ready did not turn 503");
  }

  static void awaitRefused(int port) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        Thread.sleep(50); // still listening
      } catch (IOException refused) {
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
            .isInstanceOf(ConnectException.class);
        return;
      }
    }
    throw new AssertionError("the listener did not close in 30 s");
  }

  static String statusLine(InputStream in) throws IOException {
    byte[] line = new byte[200];
    int n = 0;
    int b;
    while (n < line.length && (b = in.read()) >= 0 && b != '\r') {
      line[n++] = (byte) b;
    }
    return new String(Arrays.copyOf(line, n), StandardCharsets.US_ASCII);
  }
}
