package dev.tidemark.alerting.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Where notifications go: an Alertmanager (its base URL; alerts are posted to {@code
 * /api/v2/alerts}), or a webhook receiving JSON ({@code json}: Alertmanager's webhook body; {@code
 * slack}: {@code {"text": …}}). Credentials in the URL's user part become a basic-auth header; the
 * URL's path and query may hold secrets too (Slack's do), so logs and metrics only ever see {@link
 * #redacted()}: scheme, host and port.
 */
public final class Target {
  /** The protocol spoken to a target. */
  public enum Kind {
    ALERTMANAGER,
    WEBHOOK,
    SLACK
  }

  private final Kind kind;
  private final URI uri;
  private final Map<String, String> headers;
  private final String redacted;

  private Target(Kind kind, URI uri, Map<String, String> headers, String redacted) {
    this.kind = kind;
    this.uri = uri;
    this.headers = headers;
    this.redacted = redacted;
  }

  /** Parses a URL; throws {@link IllegalArgumentException} without echoing the URL's secrets. */
  public static Target of(Kind kind, String url) {
    URI u;
    try {
      u = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "cannot use notification target: not a URL [kind="
              + kind.name().toLowerCase(Locale.ROOT)
              + "]");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
      throw new IllegalArgumentException(
          "cannot use notification target: need an http or https URL with a host [kind="
              + kind.name().toLowerCase(Locale.ROOT)
              + "]");
    }
    Map<String, String> headers = Map.of();
    if (u.getRawUserInfo() != null) {
      String basic =
          Base64.getEncoder().encodeToString(u.getUserInfo().getBytes(StandardCharsets.UTF_8));
      headers = Map.of("Authorization", "Basic " + basic);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (kind == Kind.ALERTMANAGER) {
      path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/api/v2/alerts";
    }
    try {
      URI clean = new URI(scheme, null, u.getHost(), u.getPort(), null, null, null);
      URI full = URI.create(clean + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
      return new Target(kind, full, headers, clean.toString());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot use notification target: not a URL");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The full URL to post to (holds secrets; never log it). */
  URI uri() {
    return uri;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** Scheme, host and port: safe to log and to use as a metric label. */
  public String redacted() {
    return redacted;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " " + redacted;
  }
}
