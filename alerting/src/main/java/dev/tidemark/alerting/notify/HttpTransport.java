package dev.tidemark.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts one body and returns the status code; blocking. */
@FunctionalInterface
public interface HttpTransport {
  int post(URI uri, Map<String, String> headers, byte[] body) throws IOException;

  /** The JDK's HTTP client with a request timeout. */
  static HttpTransport jdk(Duration timeout) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return (uri, headers, body) -> {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("User-Agent", "Tidemark-Alerting")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(r::header);
      try {
        return client.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    };
  }
}
