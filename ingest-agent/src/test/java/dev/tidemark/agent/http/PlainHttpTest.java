package dev.tidemark.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainHttpTest {
  @Test
  void fixedLengthChunkedAndKeptAliveAnswers() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/fixed",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          byte[] b = ("got " + in.length + " " + ex.getRequestHeaders().getFirst("X-A")).getBytes();
          ex.getResponseHeaders().add("Retry-After", "3");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.createContext(
        "/chunked",
        ex -> {
          ex.sendResponseHeaders(200, 0); // 0: chunked
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 100; i++) {
              out.write(("line " + i + "\n").getBytes());
              out.flush();
            }
          }
        });
    server.createContext(
        "/empty",
        ex -> {
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    try (PlainHttp http = new PlainHttp(Duration.ofSeconds(5))) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      PlainHttp.Response r =
          http.exchange(
              "POST",
              URI.create(base + "/fixed"),
              new byte[1000],
              Duration.ofSeconds(5),
              1 << 20,
              "X-A",
              "b");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("got 1000 b");
      assertThat(r.headers()).containsEntry("retry-after", "3");
      PlainHttp.Response c =
          http.exchange("GET", URI.create(base + "/chunked"), null, Duration.ofSeconds(5), 1 << 20);
      assertThat(c.text()).startsWith("line 0\nline 1\n").endsWith("line 99\n");
      assertThat(
              http.exchange(
                      "GET", URI.create(base + "/empty"), null, Duration.ofSeconds(5), 1 << 20)
                  .status())
          .isEqualTo(204);
      assertThatThrownBy(
              () ->
                  http.exchange(
                      "GET", URI.create(base + "/chunked"), null, Duration.ofSeconds(5), 100))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("body over 100 bytes");
    } finally {
      server.stop(0);
    }
  }

  /** A server that closes a kept-alive connection between requests: the next one reconnects. */
  @Test
  void aConnectionTheServerClosedIsReplaced() throws Exception {
    try (ServerSocket listen = new ServerSocket(0)) {
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < 2; i++) {
                  try (Socket s = listen.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    int n = in.read(buf);
                    String req = new String(buf, 0, Math.max(0, n), StandardCharsets.ISO_8859_1);
                    String body = req.startsWith("GET /a") ? "one" : "two";
                    s.getOutputStream()
                        .write(
                            ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n" + body)
                                .getBytes(StandardCharsets.ISO_8859_1));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      t.start();
      try (PlainHttp http = new PlainHttp(Duration.ofSeconds(5))) {
        String base = "http://127.0.0.1:" + listen.getLocalPort();
        assertThat(
                http.exchange("GET", URI.create(base + "/a"), null, Duration.ofSeconds(5), 100)
                    .text())
            .isEqualTo("one");
        Thread.sleep(100); // the server closed that connection after answering
        assertThat(
                http.exchange("GET", URI.create(base + "/b"), null, Duration.ofSeconds(5), 100)
                    .text())
            .isEqualTo("two");
      }
      t.join(5000);
    }
  }
}
