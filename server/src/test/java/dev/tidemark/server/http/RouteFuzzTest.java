package dev.tidemark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.Tidemark;
import dev.tidemark.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Mutation fuzzing of every route and parser of a real server: a valid seed request per route,
 * mutated in its path, query and body (bytes flipped, cut, repeated; NUL, invalid UTF-8, huge
 * exponents and numbers, deep nesting spliced in). Bounded in count and time; each answer must be
 * below 500 and come within 2 s, and the server must still take ingest afterwards. The seed of the
 * random generator is fixed, so a failure names a request that reproduces.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteFuzzTest {
  static final int MUTATIONS_PER_SEED = 30;
  static final Duration BUDGET = Duration.ofSeconds(90);
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

  record Seed(String method, String path, String type, byte[] body) {}

  static final String[] SPLICES = {
    "%00",
    "\u0000",
    "\\u0000",
    "\\ud800",
    "%ff%fe",
    "1e100000000",
    "-1e999999",
    "9999999999999999999999",
    "NaN",
    "-Inf",
    "'",
    "\"",
    "{",
    "}",
    "[[[[[[[[[[[[[[[[[[[[",
    "%",
    "%%",
    "\r\n",
    "&",
    "=",
    "..",
    "/",
    "$1",
    "(",
    ")",
    "~",
    "0x7fffffffffffffff",
    "-0",
    "1h",
    "9999999999999999d",
    "null",
    "true"
  };

  Tidemark server;
  HttpClient client;
  final List<String> failures = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(Map.of());
    client = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  List<Seed> seeds() {
    long now = System.currentTimeMillis();
    long s = now / 1000;
    String ingest =
        "{\"agent\":\"fuzz\",\"batch\":1,\"samples\":[{\"metric\":\"fuzz_m\",\"labels\":{\"a\":\"b\"},"
            + "\"ts\":"
            + now
            + ",\"value\":1.5}]}";
    List<Seed> seeds = new ArrayList<>();
    seeds.add(new Seed("POST", "/api/v1/ingest", "application/json", utf8(ingest)));
    seeds.add(
        new Seed(
            "POST",
            "/api/v2/write?precision=ms",
            "text/plain",
            utf8("fuzz_lp,host=h1 v=1," + "w=2i " + now + "\nfuzz_lp,host=h2 v=3 " + now)));
    seeds.add(new Seed("POST", "/write?precision=ms", "text/plain", utf8("fuzz_v1 v=1 " + now)));
    seeds.add(new Seed("POST", "/api/v1/write", "application/x-protobuf", remoteWrite(now)));
    seeds.add(
        new Seed(
            "POST",
            "/api/query",
            "application/json",
            utf8(
                "{\"query\":\"fuzz_m{a=\\\"b\\\"} | rate 1m | avg by a\",\"from\":"
                    + (now - 3_600_000)
                    + ",\"to\":"
                    + now
                    + "}")));
    for (String q :
        new String[] {
          "/api/v1/query?query=sum(rate(fuzz_m[5m]))&time=" + s,
          "/api/v1/query_range?query=fuzz_m*2&start=" + (s - 600) + "&end=" + s + "&step=15s",
          "/api/v1/labels?start=" + (s - 600) + "&end=" + s,
          "/api/v1/label/a/values?match[]=fuzz_m",
          "/api/v1/series?match[]=fuzz_m{a=~\"b.*\"}",
          "/api/v1/status/buildinfo",
          "/api/v1/status/runtimeinfo",
          "/api/v1/format_query?query=sum%20by(a)(rate(fuzz_m[5m]))",
          "/api/v1/metadata?metric=fuzz_m&limit=5",
          "/api/series?metric=fuzz_m&label.a=b",
          "/api/series/1/points?from=" + (now - 60_000) + "&to=" + now,
          "/api/series/1/histogram?from=" + (now - 60_000) + "&to=" + now + "&q=0.99",
          "/api/metrics",
          "/api/metrics/fuzz_m/trend?service=shop&limit=5",
          "/api/annotations?from=" + (now - 60_000) + "&to=" + now,
          "/api/releases?service=shop",
          "/api/releases/v1.0.0?service=shop",
          "/api/releases/v1.0.0/metrics?service=shop",
          "/api/comparisons?service=shop&limit=5",
          "/api/comparisons/1",
          "/api/comparisons/1/report",
          "/api/reports/trend?service=shop",
          "/api/reports/drift?service=shop",
          "/api/releases/v1.0.0/evidence?service=shop&format=csv",
          "/api/environment/1",
          "/api/dependencies/1",
          "/api/retention",
          "/api/v1/rules?type=alert",
          "/api/v1/alerts",
          "/api/rules",
          "/api/rules/fuzz",
          "/health",
          "/ready",
          "/metrics"
        }) {
      seeds.add(new Seed("GET", q, null, null));
    }
    seeds.add(
        new Seed(
            "POST",
            "/api/v1/query",
            "application/x-www-form-urlencoded",
            utf8("query=rate(fuzz_m%5B1m%5D)&time=" + s)));
    seeds.add(
        new Seed(
            "POST",
            "/api/releases/v1.0.0/snapshot",
            "application/json",
            utf8(
                "{\"service\":\"shop\",\"environment\":{\"os\":\"linux\"},\"artifacts\":[{\"name\":"
                    + "\"package-lock.json\",\"content\":\"{\\\"lockfileVersion\\\":3,"
                    + "\\\"packages\\\":{}}\"}]}")));
    seeds.add(
        new Seed(
            "POST",
            "/api/comparisons",
            "application/json",
            utf8("{\"service\":\"shop\",\"candidate\":\"v1.0.0\",\"baseline\":\"v0.9.0\"}")));
    seeds.add(new Seed("PUT", "/api/retention", "application/json", utf8("{\"raw\":\"14d\"}")));
    seeds.add(
        new Seed(
            "PUT",
            "/api/rules/fuzz",
            "application/yaml",
            utf8(
                "name: fuzz\ninterval: 30s\nrules:\n  - alert: FuzzHigh\n    expr: fuzz_m > 1\n"
                    + "    for: 1m\n    labels:\n      severity: page\n    annotations:\n"
                    + "      summary: \"{{ $labels.a }} is {{ $value }}\"\n")));
    return seeds;
  }

  @Test
  void noMutationOfAnyRouteGetsA5xxOrHangs() throws Exception {
    Random random = new Random(20261205);
    long deadline = System.nanoTime() + BUDGET.toNanos();
    int sent = 0;
    for (Seed seed : seeds()) {
      // the seed itself, which ingest routes must accept; its first run loads and compiles classes
      int status = send(seed, Duration.ofSeconds(30));
      if (seed.method().equals("POST") && seed.path().contains("write")
          || seed.path().startsWith("/api/v1/ingest")) {
        assertThat(status).as(describe(seed)).isEqualTo(204);
      }
      for (int i = 0; i < MUTATIONS_PER_SEED && System.nanoTime() < deadline; i++) {
        send(mutate(seed, random), ANSWER_WITHIN);
        sent++;
      }
    }
    assertThat(failures).as("failing requests of " + sent).isEmpty();
    assertThat(sent).as("mutations sent within the budget").isGreaterThan(200);
    // still alive and still ingesting
    assertThat(send(seeds().get(0), ANSWER_WITHIN)).isEqualTo(204);
    assertThat(send(new Seed("GET", "/health", null, null), ANSWER_WITHIN)).isEqualTo(200);
  }

  int send(Seed seed, Duration within) throws InterruptedException {
    HttpRequest.Builder b;
    try {
      b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + seed.path()))
              .timeout(within);
    } catch (IllegalArgumentException notAUri) {
      return 0; // the client cannot even send it
    }
    if (seed.type() != null) {
      b.header("Content-Type", seed.type());
    }
    if (seed.path().startsWith("/api/v1/write")) {
      b.header("Content-Encoding", "snappy");
    }
    b.method(
        seed.method(),
        seed.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(seed.body()));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 500) {
        failures.add(describe(seed) + " -> " + r.statusCode() + " " + r.body());
      }
      return r.statusCode();
    } catch (HttpTimeoutException e) {
      failures.add(describe(seed) + " -> no answer within " + within);
    } catch (java.io.IOException e) {
      // the server may close a connection on a malformed request line; that is an answer
    }
    return 0;
  }

  static Seed mutate(Seed seed, Random random) {
    String path = seed.path();
    byte[] body = seed.body();
    int what = random.nextInt(body == null ? 2 : 5);
    switch (what) {
      case 0 -> path = splice(path, random, path.indexOf('?') + 1);
      case 1 -> path = path.substring(0, 1 + random.nextInt(path.length()));
      case 2 -> body = splice(body, random);
      case 3 -> body = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
      default -> {
        body = body.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          body[random.nextInt(body.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
    }
    return new Seed(seed.method(), path, seed.type(), body);
  }

  static String splice(String path, Random random, int from) {
    int at = from + random.nextInt(Math.max(1, path.length() - from));
    String token = SPLICES[random.nextInt(SPLICES.length)];
    String encoded = token.chars().allMatch(c -> c > 32 && c < 127) ? token : encode(token);
    return path.substring(0, Math.min(at, path.length()))
        + encoded
        + path.substring(Math.min(at, path.length()));
  }

  static byte[] splice(byte[] body, Random random) {
    int at = random.nextInt(body.length + 1);
    byte[] token =
        random.nextInt(6) == 0
            ? new byte[] {(byte) 0xc3, (byte) 0x28}
            : SPLICES[random.nextInt(SPLICES.length)].getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, at);
    out.writeBytes(token);
    out.write(body, at, body.length - at);
    return out.toByteArray();
  }

  static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append('%').append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  static String describe(Seed s) {
    String body =
        s.body() == null
            ? ""
            : new String(s.body(), StandardCharsets.UTF_8).replace("\u0000", "\\0");
    return s.method()
        + " "
        + s.path()
        + (body.isEmpty() ? "" : " body=" + body.substring(0, Math.min(300, body.length())));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A remote_write 1.0 request: one series, one sample, as snappy literals. */
  static byte[] remoteWrite(long now) {
    byte[] name = field(1, utf8("__name__"));
    byte[] value = field(2, utf8("fuzz_rw"));
    byte[] label = field(1, concat(name, value));
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    sample.write(0x09); // field 1, fixed64: value
    long bits = Double.doubleToLongBits(2.5);
    for (int i = 0; i < 8; i++) {
      sample.write((int) (bits >>> (8 * i)));
    }
    sample.write(0x10); // field 2, varint: timestamp
    writeVarint(sample, now);
    byte[] series = field(1, concat(label, field(2, sample.toByteArray())));
    ByteArrayOutputStream snappy = new ByteArrayOutputStream();
    writeVarint(snappy, series.length);
    for (int at = 0; at < series.length; at += 60) {
      int n = Math.min(60, series.length - at);
      snappy.write((n - 1) << 2); // a literal of up to 60 bytes
      snappy.write(series, at, n);
    }
    return snappy.toByteArray();
  }

  static byte[] field(int number, byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((number << 3) | 2);
    writeVarint(out, message.length);
    out.writeBytes(message);
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
