package dev.tidemark.server.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses request URIs no endpoint can use: a NUL character (raw or {@code %00}) in the path or
 * query. PostgreSQL cannot store NUL in text, and every path and query parameter may reach it as a
 * bound value; refusing here gives one clear 400 for every route.
 */
final class UriGuard implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String uri = ctx.request().uri();
    if (holdsNul(uri)) {
      Errors.respond(
          ctx,
          400,
          "cannot read request URI: it holds a NUL character (%00), which no name or value may contain");
      return;
    }
    ctx.next();
  }

  static boolean holdsNul(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == 0) {
        return true;
      }
      if (c == '%'
          && i + 2 < uri.length()
          && uri.charAt(i + 1) == '0'
          && uri.charAt(i + 2) == '0') {
        return true;
      }
    }
    return false;
  }
}
