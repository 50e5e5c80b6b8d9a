package dev.tidemark.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.agent.config.AgentConfig;
import dev.tidemark.agent.status.StatusFile;
import dev.tidemark.agent.testing.Rows;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import dev.tidemark.server.Tidemark;
import dev.tidemark.server.config.ConfigKey;
import dev.tidemark.server.testing.TestDatabase;
import dev.tidemark.server.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final java.util.regex.Pattern AGENT_THREAD =
      java.util.regex.Pattern.compile("tidemark-(shipper|record|collect|status)|HTTP-Dispatcher");

  @TempDir Path dir;

  @AfterEach
  void leavesNoThreadsBehind() throws InterruptedException {
    await(
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && AGENT_THREAD.matcher(t.getName()).lookingAt()));
  }

  @Test
  void aFullSpoolRefusesNewSamplesShowsItInStatusAndRecoversOnceDrained() throws Exception {
    int port = freePort();
    String db = TestDatabase.freshPostgres();
    Map<String, String> props = base(port);
    props.put("agent.spool.max.bytes", "4KiB");
    Path configFile = write(props);
    long now = System.currentTimeMillis();
    try (Agent agent = Agent.start(AgentConfig.of(props))) {
      int accepted = 0;
      for (int i = 0; i < 500; i++) {
        if (agent
            .spool()
            .append(new Sample("full_test", Labels.of("host", "h1"), now - 500 + i, i))) {
          accepted++;
        }
      }
      assertThat(accepted).isBetween(1, 499);
      await(() -> status().get("spoolFull").equals("true"));
      assertThat(status().get("refusedSamples")).isEqualTo(Integer.toString(500 - accepted));
      String shown = statusCommand(configFile);
      assertThat(shown)
          .contains("FULL: new samples are refused")
          .contains("refused samples " + (500 - accepted));

      try (Tidemark server = TestServer.start(db, Map.of(ConfigKey.HTTP_PORT, "" + port))) {
        assertThat(server.port()).isEqualTo(port);
        await(() -> status().get("backlogEntries").equals("0"));
        Rows.awaitAtLeast(db, "full_test", accepted);
        assertThat(agent.spool().append(new Sample("full_test", Labels.of("host", "h1"), now, 1)))
            .isTrue();
        await(() -> status().get("backlogEntries").equals("0"));
        assertThat(status().get("spoolFull")).isEqualTo("false");
        Rows.awaitAtLeast(db, "full_test", accepted + 1);
      }
      assertThat(Rows.samples(db, "full_test")).containsExactly(accepted + 1, accepted + 1);
    }
  }

  @Test
  void recordedLatenciesCountersAndGaugesAreQueryableOnTheServer() throws Exception {
    try (Tidemark server = TestServer.start(Map.of())) {
      Map<String, String> props = base(server.port());
      props.put("agent.record.port", "0");
      props.put("agent.labels.release", "v1.3.0");
      props.put("agent.labels.team", "perf");
      try (Agent agent = Agent.start(AgentConfig.of(props))) {
        URI record = URI.create("http://127.0.0.1:" + agent.recordPort() + "/record");
        StringBuilder lines = new StringBuilder("# a benchmark's run\n");
        for (int i = 1; i <= 100; i++) {
          lines.append("latency checkout_latency ").append(i * 100).append(" op=checkout\n");
        }
        lines.append("counter checkout_total 100\ngauge queue_depth 17.5 queue=orders\n");
        assertThat(post(record, lines.toString()).statusCode()).isEqualTo(204);
        HttpResponse<String> bad = post(record, "latency checkout_latency -5");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("cannot parse record line 1: latency value");

        String base = "http://127.0.0.1:" + server.port();
        await(
            () ->
                !series(base, "checkout_latency").isEmpty()
                    && !series(base, "queue_depth").isEmpty());
        JsonObject latency = series(base, "checkout_latency").getJsonObject(0);
        assertThat(latency.getJsonObject("labels").getMap())
            .containsEntry("release", "v1.3.0")
            .containsEntry("team", "perf")
            .containsEntry("op", "checkout")
            .containsKey("host");
        String histogram = base + "/api/series/" + latency.getLong("id") + "/histogram?q=0.5";
        // the values may straddle two flush intervals: wait for both histograms
        await(() -> new JsonObject(get(histogram).body()).getLong("count") == 100);
        JsonObject h = new JsonObject(get(histogram).body());
        assertThat(h.getJsonObject("quantiles").getDouble("0.5")).isBetween(4900.0, 5100.0);
        assertThat(series(base, "checkout_total")).hasSize(1);
      }
    }
  }

  private Map<String, String> base(int port) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("agent.id", "agent-test");
    p.put("agent.server.url", "http://127.0.0.1:" + port);
    p.put("agent.spool.dir", dir.resolve("spool").toString());
    p.put("agent.ship.batch.size", "20");
    p.put("agent.ship.batch.age", "20ms");
    p.put("agent.ship.backoff.initial", "20ms");
    p.put("agent.ship.backoff.max", "200ms");
    p.put("agent.collect.enabled", "false");
    p.put("agent.record.port", "-1");
    p.put("agent.record.interval", "100ms");
    p.put("agent.status.interval", "20ms");
    return p;
  }

  private Path write(Map<String, String> props) throws IOException {
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file,
        props.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n")),
        StandardCharsets.UTF_8);
    return file;
  }

  private Map<String, String> status() {
    try {
      Path f = StatusFile.in(dir.resolve("spool"));
      return Files.exists(f) ? StatusFile.read(f) : Map.of("spoolFull", "", "backlogEntries", "");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String statusCommand(Path config) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"status", "--config", config.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static JsonArray series(String base, String metric) {
    return new JsonObject(get(base + "/api/series?metric=" + metric).body()).getJsonArray("series");
  }

  private static HttpResponse<String> get(String uri) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(20);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
