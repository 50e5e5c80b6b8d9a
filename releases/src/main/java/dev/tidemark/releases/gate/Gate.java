package dev.tidemark.releases.gate;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.io.PrintStream;
import java.util.Map;

/**
 * The CI release gate: asks the server to compare a release with its baseline ({@code POST
 * /api/comparisons}, reusing the stored comparison when its input has not changed), prints a
 * summary (or JSON with {@code --json}) and exits 0 when the release passes, 1 when it fails (a
 * recommendation of "block" by default, or a floor: score per profile, coverage, vulnerabilities by
 * severity, policy, per-operation thresholds), 2 when the gate cannot decide (bad arguments, server
 * unreachable or refusing) with a message naming the problem.
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
            .put("baseline", o.baseline())
            .put("reuse", o.reuse());
    if (!o.critical().isEmpty()) {
      body.put("critical_operations", new JsonArray(o.critical()));
    }
    JsonObject c;
    try {
      c = GateClient.compare(o, body);
    } catch (GateException e) {
      err.println(e.getMessage());
      return ERROR;
    }
    Decision d = Decision.of(c, o);
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
}
