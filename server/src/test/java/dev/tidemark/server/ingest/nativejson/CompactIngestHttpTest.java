package dev.tidemark.server.ingest.nativejson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.protocol.Batch;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.protocol.compact.CompactFormat;
import dev.tidemark.protocol.compact.CompactWriter;
import dev.tidemark.protocol.compact.Compression;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.Http;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent's compact batches on {@code POST /api/v1/ingest}, through a real server and database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompactIngestHttpTest {
  Tidemark server;
  Http http;
  final long now = System.currentTimeMillis();

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of(ConfigKey.INGEST_BODY_LIMIT, "64KiB"));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  HttpResponse<String> send(String encoding, byte[] raw) {
    return http.post(
        "/api/v1/ingest",
        CompactFormat.CONTENT_TYPE,
        Compression.compress(encoding, raw),
        "Content-Encoding",
        encoding);
  }

  static Batch batch(String agent, long id, String metric, long ts, double... values) {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      s.add(new Sample(metric, Labels.of("host", "h1", "core", "" + i), ts, values[i]));
    }
    return new Batch(agent, id, s, List.of());
  }

  JsonArray values(String metric, String core) {
    long id =
        new JsonObject(http.get("/api/series?metric=" + metric + "&label.core=" + core).body())
            .getJsonArray("series")
            .getJsonObject(0)
            .getLong("id");
    return new JsonObject(
            http.get("/api/series/" + id + "/points?from=" + (now - 1) + "&to=" + (now + 2001))
                .body())
        .getJsonArray("values");
  }

  void awaitWritten() throws InterruptedException {
    assertThat(server.writer().awaitCaughtUp(java.time.Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void zstdAndSnappyBatchesAreStoredOnceEvenWhenSentTwice() throws Exception {
    for (String encoding : List.of("zstd", "snappy", "identity")) {
      CompactWriter w = new CompactWriter();
      String metric = "compact_" + encoding;
      byte[] first = w.encode(batch("c-" + encoding, 1, metric, now, 0.52, 1234567890));
      assertThat(send(encoding, first).statusCode()).isEqualTo(204);
      assertThat(send(encoding, first).statusCode()).as("resent").isEqualTo(204);
      w.acknowledged();
      byte[] second = w.encode(batch("c-" + encoding, 2, metric, now + 1000, 0.61, 1234567999));
      assertThat(second.length).isLessThan(first.length / 2); // ids only, no definitions
      assertThat(send(encoding, second).statusCode()).isEqualTo(204);
      awaitWritten();
      JsonArray core0 = values(metric, "0");
      assertThat(core0).hasSize(2);
      assertThat(core0.getJsonArray(0).getDouble(1)).isEqualTo(0.52);
      assertThat(core0.getJsonArray(1).getDouble(1)).isEqualTo(0.61);
      assertThat(values(metric, "1").getJsonArray(1).getDouble(1)).isEqualTo(1234567999);
    }
  }

  /** The same batches stored on TimescaleDB, where the environment names one. */
  @Test
  void compactBatchesAndStaleMarkersAreStoredOnTimescaleDb() throws Exception {
    var timescale = TestDatabase.freshTimescale();
    Assumptions.assumeTrue(timescale.isPresent(), TestDatabase.TIMESCALEDB_ENV + " is not set");
    try (Tidemark ts = TestServer.start(timescale.get(), Map.of())) {
      Http h = new Http(ts.port());
      CompactWriter w = new CompactWriter();
      List<Sample> s =
          List.of(
              new Sample("compact_ts", Labels.of("host", "h1"), now, 0.25),
              Sample.staleMarker("compact_ts", Labels.of("host", "h1"), now + 1000));
      byte[] body = Compression.compress("zstd", w.encode(new Batch("ts-agent", 1, s, List.of())));
      assertThat(
              h.post("/api/v1/ingest", CompactFormat.CONTENT_TYPE, body, "Content-Encoding", "zstd")
                  .statusCode())
          .isEqualTo(204);
      assertThat(ts.writer().awaitCaughtUp(java.time.Duration.ofSeconds(60))).isTrue();
      long id =
          new JsonObject(h.get("/api/series?metric=compact_ts").body())
              .getJsonArray("series")
              .getJsonObject(0)
              .getLong("id");
      JsonArray points =
          new JsonObject(
                  h.get("/api/series/" + id + "/points?from=" + (now - 1) + "&to=" + (now + 2001))
                      .body())
              .getJsonArray("values");
      assertThat(points).hasSize(1); // the marker ends the series; it is not a value
      assertThat(points.getJsonArray(0).getDouble(1)).isEqualTo(0.25);
    }
  }

  @Test
  void aSeriesTheServerDoesNotKnowIs409AndANewEpochFixesIt() throws Exception {
    CompactWriter w = new CompactWriter();
    w.encode(batch("forgotten", 1, "compact_epoch", now, 1, 2));
    w.acknowledged(); // as if the server had taken batch 1, then restarted
    byte[] orphan = w.encode(batch("forgotten", 2, "compact_epoch", now, 1, 2));
    HttpResponse<String> r = send("zstd", orphan);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(r.body()).getString("error"))
        .startsWith("cannot decode compact batch: series id 0 is not defined in this epoch");
    w.newEpoch();
    assertThat(
            send("zstd", w.encode(batch("forgotten", 2, "compact_epoch", now, 1, 2))).statusCode())
        .isEqualTo(204);
  }

  @Test
  void badCompressedInputIs4xxNever5xx() {
    byte[] raw = new CompactWriter().encode(batch("bad", 1, "compact_bad", now, 1, 2, 3));
    byte[] zstd = Compression.compress("zstd", raw);
    Random random = new Random(3);
    for (String encoding : List.of("zstd", "snappy")) {
      byte[] c = Compression.compress(encoding, raw);
      for (int cut = 0; cut < c.length; cut += 1 + cut / 5) {
        HttpResponse<String> r =
            http.post(
                "/api/v1/ingest",
                CompactFormat.CONTENT_TYPE,
                Arrays.copyOf(c, cut),
                "Content-Encoding",
                encoding);
        assertThat(r.statusCode()).as("%s cut at %d", encoding, cut).isBetween(400, 499);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("cannot ");
      }
      for (int i = 0; i < 50; i++) {
        byte[] m = c.clone();
        m[random.nextInt(m.length)] ^= (byte) (1 + random.nextInt(255));
        int status =
            http.post("/api/v1/ingest", CompactFormat.CONTENT_TYPE, m, "Content-Encoding", encoding)
                .statusCode();
        assertThat(status).isNotEqualTo(500).isLessThan(500);
      }
    }
    HttpResponse<String> brotli =
        http.post("/api/v1/ingest", CompactFormat.CONTENT_TYPE, zstd, "Content-Encoding", "br");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(brotli.body()).getString("error"))
        .contains("content encoding must be zstd, snappy or identity");
    double[] many = new double[20_000]; // ~4 bytes each raw, inflates past the 64 KiB limit
    HttpResponse<String> bomb =
        send("zstd", new CompactWriter().encode(batch("bomb", 1, "compact_bomb", now, many)));
    assertThat(bomb.statusCode()).isEqualTo(413);
  }
}
