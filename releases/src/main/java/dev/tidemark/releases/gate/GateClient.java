package dev.tidemark.releases.gate;

import dev.tidemark.releases.json.JsonException;
import dev.tidemark.releases.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** Asks the server for the comparison; every failure is a {@link GateException} naming it. */
final class GateClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private GateClient() {}

  static JsonObject compare(GateOptions o, JsonObject body) throws GateException {
    String url = o.server() + "/api/comparisons";
    HttpRequest.Builder req;
    try {
      req =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    } catch (IllegalArgumentException e) {
      throw new GateException(
          "cannot reach server " + o.server() + ": not a URL (" + e.getMessage() + ")");
    }
    if (o.token() != null) {
      req.header("Authorization", "Bearer " + o.token());
    }
    HttpResponse<String> resp;
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
      resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | IllegalArgumentException e) {
      throw new GateException("cannot reach server " + o.server() + ": " + why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GateException("cannot reach server " + o.server() + ": interrupted");
    }
    if (resp.statusCode() != 200 && resp.statusCode() != 201) {
      throw new GateException(
          "cannot compare releases: server answered "
              + resp.statusCode()
              + " "
              + resp.body().strip()
              + hint(resp.statusCode()));
    }
    try {
      return new JsonObject(resp.body());
    } catch (JsonException e) {
      throw new GateException(
          "cannot read the comparison from " + url + ": " + e.detail() + "; is it Tidemark?");
    }
  }

  /** The cause in words: the JDK's exceptions often carry no message at all. */
  static String why(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s (connect timeout)";
      }
      if (t instanceof HttpTimeoutException) {
        return "no answer within " + REQUEST_TIMEOUT.toMinutes() + " min (request timeout)";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "unknown host (DNS lookup failed)";
      }
      if (t instanceof ConnectException) {
        return "connection refused (is the server running and listening on that port?)";
      }
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String hint(int status) {
    return switch (status) {
      case 401, 403 -> " (pass --token or set TIDEMARK_TOKEN)";
      case 404 -> " (is the release known? snapshot it or send its runs first)";
      default -> "";
    };
  }
}
