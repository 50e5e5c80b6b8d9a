package dev.tidemark.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bearer tokens with {@code read} and {@code write} scopes, from {@code server.auth.tokens} ({@code
 * token:read+write,token2:read}) and, when set, {@code server.auth.tokens.file} (one such entry a
 * line), which {@link TokenFile} re-reads when it changes. A token that leaves the file stays valid
 * for a grace period, so clients move to its successor without a restart or a refused request. Only
 * SHA-256 digests are kept; a presented token is compared with every configured one in constant
 * time, so neither timing nor logs reveal a token.
 */
public final class Auth {
  public enum Scope {
    READ,
    WRITE
  }

  /** One token; {@code expires} is set once it has left the tokens file. */
  record Token(byte[] digest, Set<Scope> scopes, Instant expires) {
    boolean validAt(Instant now) {
      return expires == null || now.isBefore(expires);
    }
  }

  private final List<Token> fixed;
  private final boolean fromFile;
  private final Clock clock;
  private volatile List<Token> loaded = List.of();

  private Auth(List<Token> fixed, boolean fromFile, Clock clock) {
    this.fixed = fixed;
    this.fromFile = fromFile;
    this.clock = clock;
  }

  /** Parses the configuration; throws naming the broken entry by position, never by token. */
  public static Auth parse(String spec) {
    return new Auth(
        entries("server.auth.tokens entry", spec.isBlank() ? new String[0] : spec.split(",")),
        false,
        Clock.systemUTC());
  }

  /**
   * Tokens from {@code spec} and from a tokens file: auth is on even while the file holds none, so
   * emptying the file locks the API rather than opening it.
   */
  public static Auth withFile(String spec, Clock clock) {
    return new Auth(
        entries("server.auth.tokens entry", spec.isBlank() ? new String[0] : spec.split(",")),
        true,
        clock);
  }

  /** Parses entries, naming a broken one by {@code what} and position, never by token. */
  static List<Token> entries(String what, String[] entries) {
    List<Token> tokens = new ArrayList<>();
    for (int i = 0; i < entries.length; i++) {
      tokens.add(entry(what + " " + (i + 1), entries[i]));
    }
    return tokens;
  }

  /** Parses one {@code token:scope+scope}; throws naming it by {@code label}, never by token. */
  static Token entry(String label, String entry) {
    String[] parts = entry.trim().split(":", 2);
    if (parts.length != 2 || parts[0].length() < 16) {
      throw new IllegalArgumentException(
          "cannot use " + label + ": expected <token of 16+ characters>:<scope>[+<scope>]");
    }
    EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String scope : parts[1].split("\\+")) {
      try {
        scopes.add(Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot use " + label + ": unknown scope \"" + scope + "\"; allowed: read, write", e);
      }
    }
    return new Token(digest(parts[0]), scopes, null);
  }

  /**
   * Makes {@code next} the file's tokens; each earlier one missing from it stays valid for {@code
   * grace} (or until its own earlier expiry). Returns how many tokens are in their grace period.
   */
  synchronized int replace(List<Token> next, Duration grace) {
    Instant now = clock.instant();
    List<Token> out = new ArrayList<>(next);
    int retiring = 0;
    for (Token old : loaded) {
      boolean kept = next.stream().anyMatch(t -> MessageDigest.isEqual(t.digest(), old.digest()));
      if (kept || !old.validAt(now)) {
        continue;
      }
      Instant until = now.plus(grace);
      if (old.expires() != null && old.expires().isBefore(until)) {
        until = old.expires();
      }
      out.add(new Token(old.digest(), old.scopes(), until));
      retiring++;
    }
    loaded = List.copyOf(out);
    return retiring;
  }

  public boolean enabled() {
    return fromFile || !fixed.isEmpty();
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
    Instant now = clock.instant();
    Set<Scope> found = null;
    for (List<Token> tokens : List.of(fixed, loaded)) {
      for (Token t : tokens) { // no early exit: every token is compared
        if (MessageDigest.isEqual(presented, t.digest()) && t.validAt(now)) {
          found = t.scopes();
        }
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
