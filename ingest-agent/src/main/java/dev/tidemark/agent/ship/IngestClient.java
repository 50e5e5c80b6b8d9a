package dev.tidemark.agent.ship;

import dev.tidemark.agent.http.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code POST /api/v1/ingest}, called synchronously from the shipper's sender thread (one request
 * in flight: batches must be acknowledged in order): over {@link PlainHttp} for {@code http://},
 * java.net.http for {@code https://} (created only then).
 */
final class IngestClient implements AutoCloseable {
  private static final long MAX_ANSWER = 1 << 20;

  private final URI uri;
  private final String token;
  private final Duration timeout;
  private final PlainHttp plain;
  private final HttpClient http;

  /** What the server said. {@code retryAfter} is null when the header is absent or unreadable. */
  record Answer(int status, String body, Duration retryAfter, boolean duplicate) {}

  IngestClient(URI server, String token, Duration timeout) {
    this.uri = URI.create(server + "/api/v1/ingest");
    this.token = token;
    this.timeout = timeout;
    Duration connect = Duration.ofSeconds(Math.min(10, timeout.toSeconds() + 1));
    boolean tls = "https".equals(uri.getScheme());
    this.plain = tls ? null : new PlainHttp(connect);
    this.http = tls ? HttpClient.newBuilder().connectTimeout(connect).build() : null;
  }

  Answer send(byte[] body) throws IOException, InterruptedException {
    return send(body, "application/json", null);
  }

  /** A body of this content type, with this {@code Content-Encoding} (null: none). */
  Answer send(byte[] body, String contentType, String encoding)
      throws IOException, InterruptedException {
    if (plain != null) {
      java.util.List<String> h = new java.util.ArrayList<>(6);
      h.add("Content-Type");
      h.add(contentType);
      if (encoding != null) {
        h.add("Content-Encoding");
        h.add(encoding);
      }
      if (!token.isEmpty()) {
        h.add("Authorization");
        h.add("Bearer " + token);
      }
      PlainHttp.Response r =
          plain.exchange("POST", uri, body, timeout, MAX_ANSWER, h.toArray(new String[0]));
      return new Answer(
          r.status(),
          r.text(),
          seconds(r.headers().get("retry-after")),
          "true".equals(r.headers().get("x-tidemark-duplicate-batch")));
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      req.header("Content-Encoding", encoding);
    }
    if (!token.isEmpty()) {
      req.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        res.statusCode(),
        res.body(),
        res.headers().firstValue("Retry-After").map(IngestClient::seconds).orElse(null),
        res.headers().firstValue("X-Tidemark-Duplicate-Batch").map("true"::equals).orElse(false));
  }

  URI uri() {
    return uri;
  }

  private static Duration seconds(String value) {
    if (value == null) {
      return null;
    }
    try {
      long s = Long.parseLong(value.trim());
      return s < 0 ? null : Duration.ofSeconds(Math.min(s, 3600));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to our own backoff
    }
  }

  /** Closes the connection: a send blocked on it fails at once. */
  @Override
  public void close() {
    if (plain != null) {
      plain.close();
    }
  }
}
