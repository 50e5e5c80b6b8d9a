package dev.tidemark.server.releases;

import dev.tidemark.releases.artifact.ArtifactException;
import dev.tidemark.releases.compare.NoSuchReleaseException;
import dev.tidemark.releases.json.JsonObject;
import dev.tidemark.server.http.Errors;
import io.vertx.ext.web.RoutingContext;

/** Answers of the release endpoints: JSON on success, the house error shape on failure. */
public final class Replies {
  private Replies() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /** Bad input is 400, unknown things 404, anything else goes to the router's failure handler. */
  public static void failure(RoutingContext ctx, Throwable e) {
    if (e instanceof ArtifactException
        || e instanceof IllegalArgumentException
        || e instanceof io.vertx.core.json.DecodeException) {
      Errors.respond(ctx, 400, e.getMessage());
    } else if (e instanceof NoSuchReleaseException || e instanceof NotFoundException) {
      Errors.respond(ctx, 404, e.getMessage());
    } else {
      ctx.fail(e);
    }
  }

  /**
   * Runs blocking work on a database worker and answers with {@code ok}, or with the error shape
   * when the work (or anything before it) fails.
   */
  public static <T> void blocking(
      RoutingContext ctx,
      dev.tidemark.server.storage.Storage storage,
      java.util.concurrent.Callable<T> work,
      java.util.function.Consumer<T> ok) {
    storage
        .database()
        .submit(ctx.vertx().getOrCreateContext(), work)
        .onSuccess(ok::accept)
        .onFailure(e -> failure(ctx, e));
  }

  /** An id or version that names nothing stored. */
  public static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
      super(message);
    }
  }

  /** A path parameter that must be a positive number. */
  public static long id(RoutingContext ctx, String param, String what) {
    String raw = ctx.pathParam(param);
    try {
      long v = Long.parseLong(raw);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(
        "cannot read " + what + " " + raw + ": not a positive number");
  }
}
