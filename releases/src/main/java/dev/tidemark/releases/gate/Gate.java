package dev.tidemark.releases.gate;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The CI release gate: asks the server to compare a release with its baseline ({@code POST
 * /api/comparisons}), prints a summary (or the comparison as JSON with {@code --json}) and exits 0
 * when the release passes, 1 when it has blocking regressions or scores under {@code --min-score},
 * 2 when the gate cannot decide (bad arguments, server unreachable or refusing).
 */
public final class Gate {
  static final int PASS = 0;
  static final int FAIL = 1;
  static final int ERROR = 2;

  private Gate() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** The gate without {@code System.exit}: returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    GateOptions o;
    try {
      o = GateOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(GateOptions.USAGE);
      return ERROR;
    }
    JsonObject body =
        new JsonObject()
            .put("service", o.service())
            .put("candidate", o.release())
            .put("baseline", o.baseline());
    if (!o.critical().isEmpty()) {
      body.put("critical_operations", new JsonArray(new java.util.ArrayList<Object>(o.critical())));
    }
    HttpResponse<String> resp;
    try {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(o.server() + "/api/comparisons"))
              .timeout(Duration.ofMinutes(2))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
      if (o.token() != null) {
        req.header("Authorization", "Bearer " + o.token());
      }
      resp =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | IllegalArgumentException e) {
      err.println("cannot reach server " + o.server() + ": " + e.getMessage());
      return ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ERROR;
    }
    if (resp.statusCode() != 201) {
      err.println(
          "cannot compare releases: server answered " + resp.statusCode() + " " + resp.body());
      return ERROR;
    }
    JsonObject c = new JsonObject(resp.body());
    Decision d = Decision.of(c, o.minScore());
    if (o.json()) {
      out.println(
          new JsonObject()
              .put("passed", d.passed())
              .put("reasons", d.reasons())
              .put("report", o.server() + "/api/comparisons/" + c.getLong("id") + "/report")
              .put("comparison", c)
              .encode());
    } else {
      Summary.print(out, c, d, o.server());
    }
    return d.passed() ? PASS : FAIL;
  }

  /** Whether the release passes, and why not. */
  record Decision(boolean passed, JsonArray reasons) {
    static Decision of(JsonObject c, double minScore) {
      JsonArray reasons = new JsonArray();
      int blocking = c.getInteger("blocking_regressions", 0);
      if (blocking > 0) {
        reasons.add(blocking + " blocking regression(s) on critical operations");
      }
      double score = c.getJsonObject("quality_score").getDouble("score");
      if (score < minScore) {
        reasons.add(
            String.format(
                Locale.ROOT, "quality score %.1f is under the floor %.1f", score, minScore));
      }
      return new Decision(reasons.isEmpty(), reasons);
    }
  }
}
