package dev.tidemark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The questions a restore is checked with, and how answers are compared: {@code path} is a GET,
 * {@code path|json} a POST. Answers must be the same JSON, numbers equal to 12 significant digits:
 * an average the database computes may add the same rows in another order after a restore (its
 * physical order, or parallel workers, decide), which moves the last bits and nothing else.
 */
final class Answers {
  private static final double RELATIVE = 1e-12;

  private Answers() {}

  static Object ask(Http http, String question) {
    int bar = question.indexOf('|');
    var r =
        bar < 0
            ? http.get(question)
            : http.post(
                question.substring(0, bar),
                "application/json",
                question.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(question + " " + r.body()).isEqualTo(200);
    return new JsonObject("{\"a\":" + r.body() + "}").getValue("a");
  }

  static void assertSame(String question, Object expected, Object actual) {
    assertThat(same(expected, actual))
        .as("%s%nexpected: %s%n     got: %s", question, expected, actual)
        .isTrue();
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      return p == q || Math.abs(p - q) <= RELATIVE * Math.max(Math.abs(p), Math.abs(q));
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (!x.fieldNames().equals(y.fieldNames())) {
        return false;
      }
      return x.fieldNames().stream().allMatch(k -> same(x.getValue(k), y.getValue(k)));
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.getValue(i), y.getValue(i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }
}
