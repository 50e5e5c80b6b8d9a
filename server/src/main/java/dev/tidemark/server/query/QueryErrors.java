package dev.tidemark.server.query;

import dev.tidemark.query.lang.QueryException;
import dev.tidemark.server.http.Errors;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;

/**
 * Query failures as responses. Syntax and planning errors are 400 with the position of the
 * offending character ({@code position} 0-based, {@code line} and {@code column} 1-based) and
 * {@code caret}: the source line and a caret line under the character. Exceeded limits and timeouts
 * are 422. Anything else is the server's own failure and goes to the router.
 */
final class QueryErrors {

  private QueryErrors() {}

  static void respond(RoutingContext ctx, Throwable failure) {
    if (failure instanceof QueryException q) {
      Errors.respond(ctx, q.verb().equals("evaluate") ? 422 : 400, body(q));
    } else if (failure instanceof IllegalArgumentException
        || failure instanceof DateTimeException
        || failure instanceof ArithmeticException) {
      // input the language let through but the planner or a time computation refused
      String cause = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      Errors.respond(ctx, 400, cause.startsWith("cannot ") ? cause : "cannot run query: " + cause);
    } else {
      ctx.fail(failure);
    }
  }

  static JsonObject body(QueryException q) {
    String message = q.getMessage();
    int newline = message.indexOf('\n');
    JsonObject body =
        new JsonObject().put("error", newline < 0 ? message : message.substring(0, newline));
    if (q.position() >= 0) {
      body.put("position", q.position())
          .put("line", q.line())
          .put("column", q.column())
          .put("caret", q.sourceLine() + "\n" + q.caretLine());
    }
    return body;
  }
}
