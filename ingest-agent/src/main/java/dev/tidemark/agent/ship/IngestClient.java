package dev.tidemark.agent.ship;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code POST /api/v1/ingest} over java.net.http, called synchronously from the shipper's sender
 * thread (one request in flight: batches must be acknowledged in order).
 */
final class IngestClient {
  private final HttpClient http;
  private final URI uri;
  private final String token;
  private final Duration timeout;

  /** What the server said. {@code retryAfter} is null when the header is absent or unreadable. */
  record Answer(int status, String body, Duration retryAfter, boolean duplicate) {}

  IngestClient(URI server, String token, Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(Math.min(10, timeout.toSeconds() + 1)))
            .build();
    this.uri = URI.create(server + "/api/v1/ingest");
    this.token = token;
    this.timeout = timeout;
  }

  Answer send(byte[] body) throws IOException, InterruptedException {
    return send(body, "application/json", null);
  }

  /** A body of this content type, with this {@code Content-Encoding} (null: none). */
  Answer send(byte[] body, String contentType, String encoding)
      throws IOException, InterruptedException {
    return answer(
        http.send(request(body, contentType, encoding), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpRequest request(byte[] body, String contentType, String encoding) {
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
    return req.build();
  }

  private static Answer answer(HttpResponse<String> res) {
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
    try {
      long s = Long.parseLong(value.trim());
      return s < 0 ? null : Duration.ofSeconds(Math.min(s, 3600));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to our own backoff
    }
  }
}
