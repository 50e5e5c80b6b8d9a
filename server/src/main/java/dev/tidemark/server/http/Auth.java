package dev.tidemark.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bearer tokens with {@code read} and {@code write} scopes, from {@code server.auth.tokens} ({@code
 * token:read+write,token2:read}). Only SHA-256 digests are kept; a presented token is compared with
 * every configured one in constant time, so neither timing nor logs reveal a token.
 */
public final class Auth {
  public enum Scope {
    READ,
    WRITE
  }

  private record Token(byte[] digest, Set<Scope> scopes) {}

  private final List<Token> tokens;

  private Auth(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses the configuration; throws naming the broken entry by position, never by token. */
  public static Auth parse(String spec) {
    List<Token> tokens = new ArrayList<>();
    String[] entries = spec.isBlank() ? new String[0] : spec.split(",");
    for (int i = 0; i < entries.length; i++) {
      String[] parts = entries[i].trim().split(":", 2);
      if (parts.length != 2 || parts[0].length() < 16) {
        throw new IllegalArgumentException(
            "cannot use server.auth.tokens entry "
                + (i + 1)
                + ": expected <token of 16+ characters>:<scope>[+<scope>]");
      }
      EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
      for (String scope : parts[1].split("\\+")) {
        try {
          scopes.add(Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "cannot use server.auth.tokens entry "
                  + (i + 1)
                  + ": unknown scope \""
                  + scope
                  + "\"; allowed: read, write",
              e);
        }
      }
      tokens.add(new Token(digest(parts[0]), scopes));
    }
    return new Auth(tokens);
  }

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /**
   * A route handler: 401 without a valid token, 403 with a token that lacks {@code scope}. It is a
   * {@link PlatformHandler} so a route may put it before its body handler: a request without a
   * token is refused from its headers, before its body is read, inflated or written to disk.
   */
  public Handler<RoutingContext> require(Scope scope) {
    return (PlatformHandler)
        ctx -> {
          if (!enabled()) {
            ctx.next();
            return;
          }
          String header = ctx.request().getHeader("Authorization");
          Set<Scope> granted = header == null ? null : scopesOf(header);
          if (granted == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tidemark\"");
            Errors.respond(
                ctx, 401, "cannot authenticate request: missing or unknown bearer token");
          } else if (!granted.contains(scope)) {
            Errors.respond(
                ctx,
                403,
                "cannot authorize request: token lacks the "
                    + scope.name().toLowerCase(Locale.ROOT)
                    + " scope");
          } else {
            ctx.next();
          }
        };
  }

  /** {@code Bearer <token>}, or {@code Token <token>} as InfluxDB clients send it. */
  private Set<Scope> scopesOf(String header) {
    int skip;
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      skip = 7;
    } else if (header.regionMatches(true, 0, "Token ", 0, 6)) {
      skip = 6;
    } else {
      return null;
    }
    byte[] presented = digest(header.substring(skip).trim());
    Set<Scope> found = null;
    for (Token t : tokens) { // no early exit: every token is compared
      if (MessageDigest.isEqual(presented, t.digest())) {
        found = t.scopes();
      }
    }
    return found;
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
