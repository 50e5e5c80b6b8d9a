package dev.tidemark.server.ingest.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Compressed bodies on the native ingest route, now that the server no longer inflates them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentDecodingHttpTest {
  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.INGEST_BODY_LIMIT, "64KiB"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  byte[] batch(int id) {
    return ("{\"agent\":\"enc\",\"batch\":"
            + id
            + ",\"samples\":[{\"metric\":\"enc_m\",\"ts\":"
            + System.currentTimeMillis()
            + ",\"value\":1}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void gzipAndDeflateBodiesAreInflated() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(batch(1));
    }
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(zlib)) {
      out.write(batch(2));
    }
    assertThat(
            http.post(
                    "/api/v1/ingest",
                    "application/json",
                    gz.toByteArray(),
                    "Content-Encoding",
                    "gzip")
                .statusCode())
        .isEqualTo(204);
    assertThat(
            http.post(
                    "/api/v1/ingest",
                    "application/json",
                    zlib.toByteArray(),
                    "Content-Encoding",
                    "deflate")
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void bombsAre413AndGarbageIs400() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(new byte[1 << 20]);
    }
    assertThat(
            http.post(
                    "/api/v1/ingest",
                    "application/json",
                    gz.toByteArray(),
                    "Content-Encoding",
                    "gzip")
                .statusCode())
        .isEqualTo(413);
    var garbage =
        http.post("/api/v1/ingest", "application/json", batch(3), "Content-Encoding", "gzip");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("cannot inflate body: it is not valid gzip");
  }
}
