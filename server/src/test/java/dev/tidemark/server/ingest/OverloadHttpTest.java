package dev.tidemark.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * remote_write and line protocol under backpressure: when the write-ahead queue refuses batches
 * (here: less free disk than {@code wal.min.free.disk}, which no disk has), both answer 503 with
 * {@code Retry-After} (a retry helps), never 400 (which clients drop).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadHttpTest {
  Tidemark server;
  Http http;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.WAL_MIN_FREE_DISK, "1048576GiB"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void bothProtocolsAnswer503WithRetryAfter() {
    HttpResponse<String> influx =
        http.post("/api/v2/write", "text/plain", "busy v=1".getBytes(StandardCharsets.UTF_8));
    assertThat(influx.statusCode()).as(influx.body()).isEqualTo(503);
    assertThat(influx.headers().firstValue("Retry-After")).isPresent();
    assertThat(influx.body()).contains("cannot accept");

    HttpResponse<String> remote =
        http.post(
            "/api/v1/write", "application/x-protobuf", remoteWrite(), "Content-Encoding", "snappy");
    assertThat(remote.statusCode()).as(remote.body()).isEqualTo(503);
    assertThat(remote.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void nativeBatchesAnswer503WithRetryAfterToo() {
    String batch =
        "{\"agent\":\"busy\",\"batch\":1,\"samples\":[{\"metric\":\"busy_native\",\"ts\":"
            + System.currentTimeMillis()
            + ",\"value\":1}]}";
    HttpResponse<String> r =
        http.post("/api/v1/ingest", "application/json", batch.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).contains("cannot accept batch now");
  }

  /** One valid sample ({@code busy_rw 1.0} now), encoded by hand: protobuf, then snappy literal. */
  static byte[] remoteWrite() {
    long now = System.currentTimeMillis();
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    sample.write(0x09); // value: fixed64
    long bits = Double.doubleToLongBits(1.0);
    for (int i = 0; i < 8; i++) {
      sample.write((int) (bits >>> (8 * i)));
    }
    sample.write(0x10); // timestamp: varint
    varint(sample, now);
    byte[] label =
        concat(new byte[] {0x0a, 8}, bytes("__name__"), new byte[] {0x12, 7}, bytes("busy_rw"));
    byte[] series = concat(field(1, label), field(2, sample.toByteArray()));
    byte[] request = field(1, series);
    // snappy block: varint length, then one literal of up to 60 bytes
    return concat(new byte[] {(byte) request.length, (byte) ((request.length - 1) << 2)}, request);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] field(int number, byte[] message) {
    return concat(new byte[] {(byte) (number << 3 | 2), (byte) message.length}, message);
  }

  static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
