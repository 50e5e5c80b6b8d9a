package dev.tidemark.releases.gate;

import dev.tidemark.releases.score.ScoreProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gate's command line (see {@link #USAGE}). Floors left out are not checked; a recommendation
 * of "block" fails the gate unless {@code --fail-on never}.
 */
record GateOptions(
    String server,
    String service,
    String release,
    String baseline,
    List<String> critical,
    String token,
    boolean json,
    boolean reuse,
    String failOn,
    Map<String, Double> minScores,
    Double minCoverage,
    Map<String, Integer> maxVulnerabilities,
    Double minPolicy,
    Map<String, Double> operationThresholds) {

  static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low", "unknown");

  static final String USAGE =
      String.join(
          "\n",
          "usage: tidemark gate --server URL --service S --release V [--baseline B] [options]",
          "  --min-score N | PROFILE=N   score floor, release profile unless named"
              + " (release, service-quality); repeatable",
          "  --min-coverage PCT          line coverage floor (needs a coverage report)",
          "  --max-vulnerabilities N | SEVERITY=N[,SEVERITY=N]  e.g. critical=0,high=0;"
              + " a bare N caps all severities together (needs a scan)",
          "  --min-policy PCT            service-quality policy category, % of its weight",
          "  --operation-threshold OP=PCT[,OP=PCT]  fail when OP (or metric/op) is"
              + " significantly worse by PCT or more",
          "  --critical op1,op2          operations whose regressions block",
          "  --fail-on block|review|never  recommendation that fails the gate (default block)",
          "  --no-reuse                  compute a new comparison even if the input is unchanged",
          "  --token T                   bearer token (or TIDEMARK_TOKEN)",
          "  --json                      machine-readable result",
          "exit codes: 0 passed, 1 failed, 2 could not decide");

  static GateOptions parse(String[] args, Map<String, String> env) {
    String server = env.getOrDefault("TIDEMARK_SERVER", "http://127.0.0.1:8470");
    String service = null;
    String release = null;
    String baseline = null;
    List<String> critical = new ArrayList<>();
    String token = env.get("TIDEMARK_TOKEN");
    boolean json = false;
    boolean reuse = true;
    String failOn = "block";
    Map<String, Double> minScores = new LinkedHashMap<>();
    Double minCoverage = null;
    Map<String, Integer> maxVulns = new LinkedHashMap<>();
    Double minPolicy = null;
    Map<String, Double> opThresholds = new LinkedHashMap<>();
    int i = args.length > 0 && args[0].equals("gate") ? 1 : 0;
    for (; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--json")) {
        json = true;
        continue;
      }
      if (a.equals("--no-reuse")) {
        reuse = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("cannot parse arguments: " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--server" -> server = v.replaceAll("/+$", "");
        case "--service" -> service = v;
        case "--release" -> release = v;
        case "--baseline" -> baseline = v;
        case "--token" -> token = v;
        case "--critical" -> critical.addAll(List.of(v.split(",")));
        case "--fail-on" -> {
          if (!Set.of("block", "review", "never").contains(v)) {
            throw new IllegalArgumentException(
                "cannot parse --fail-on " + v + ": expected block, review or never");
          }
          failOn = v;
        }
        case "--min-score" -> {
          int eq = v.indexOf('=');
          String profile = eq < 0 ? "release" : v.substring(0, eq);
          if (ScoreProfile.builtIn().stream().noneMatch(p -> p.name().equals(profile))) {
            throw new IllegalArgumentException(
                "cannot parse --min-score " + v + ": no profile " + profile);
          }
          minScores.put(profile, number(a, eq < 0 ? v : v.substring(eq + 1)));
        }
        case "--min-coverage" -> minCoverage = number(a, v);
        case "--min-policy" -> minPolicy = number(a, v);
        case "--max-vulnerabilities" -> {
          for (String part : v.split(",")) {
            int eq = part.indexOf('=');
            String sev = eq < 0 ? "total" : part.substring(0, eq).strip();
            if (eq >= 0 && !SEVERITIES.contains(sev)) {
              throw new IllegalArgumentException(
                  "cannot parse --max-vulnerabilities "
                      + v
                      + ": unknown severity "
                      + sev
                      + " (critical, high, medium, low, unknown)");
            }
            maxVulns.put(sev, (int) number(a, eq < 0 ? part : part.substring(eq + 1)));
          }
        }
        case "--operation-threshold" -> {
          for (String part : v.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException(
                  "cannot parse --operation-threshold " + v + ": expected OP=PCT");
            }
            opThresholds.put(part.substring(0, eq).strip(), number(a, part.substring(eq + 1)));
          }
        }
        default -> throw new IllegalArgumentException("cannot parse arguments: unknown " + a);
      }
    }
    if (service == null || release == null) {
      throw new IllegalArgumentException("cannot run gate: --service and --release are required");
    }
    return new GateOptions(
        server,
        service,
        release,
        baseline,
        critical,
        token,
        json,
        reuse,
        failOn,
        minScores,
        minCoverage,
        maxVulns,
        minPolicy,
        opThresholds);
  }

  private static double number(String option, String v) {
    try {
      double d = Double.parseDouble(v.strip());
      if (d >= 0) {
        return d;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(
        "cannot parse " + option + " " + v + ": not a number of at least 0");
  }
}
