package dev.tidemark.server.ingest;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The body handler of the ingest routes. Vert.x grows a body buffer by doubling from a small start,
 * copying it at each step: for a 100 KB request that was 200 KB of garbage and copies on the event
 * loop, a fifth of the bytes the ingest path allocated. A body that announces its length, up to
 * {@link #PREALLOCATE_MAX}, gets a buffer of that size at once; a larger announcement grows as
 * before, so a client cannot make the server reserve 16 MiB per connection by announcing it and
 * sending nothing.
 */
public final class IngestBodies {
  /** Largest announced length reserved before the bytes arrive. */
  static final long PREALLOCATE_MAX = 1 << 20;

  private IngestBodies() {}

  /** A body handler refusing bodies past {@code limit} (413), preallocating small ones. */
  public static Handler<RoutingContext> upTo(long limit) {
    BodyHandler small =
        BodyHandler.create(false).setBodyLimit(limit).setPreallocateBodyBuffer(true);
    BodyHandler large = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> {
      long length = announced(ctx.request().getHeader("Content-Length"));
      (length > 0 && length <= PREALLOCATE_MAX ? small : large).handle(ctx);
    };
  }

  private static long announced(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
