package dev.tidemark.releases.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gate's command line: {@code gate --server URL --service S --release V [--baseline B]
 * [--min-score N] [--critical op,op] [--token T] [--json]}.
 */
record GateOptions(
    String server,
    String service,
    String release,
    String baseline,
    double minScore,
    List<String> critical,
    String token,
    boolean json) {

  static final String USAGE =
      "usage: tidemark gate --server URL --service S --release V [--baseline B] [--min-score N]"
          + " [--critical op1,op2] [--token T] [--json]";

  static GateOptions parse(String[] args, Map<String, String> env) {
    String server = env.getOrDefault("TIDEMARK_SERVER", "http://127.0.0.1:8470");
    String service = null;
    String release = null;
    String baseline = null;
    double minScore = 0;
    List<String> critical = new ArrayList<>();
    String token = env.get("TIDEMARK_TOKEN");
    boolean json = false;
    int i = args.length > 0 && args[0].equals("gate") ? 1 : 0;
    for (; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--json")) {
        json = true;
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
        case "--min-score" -> {
          try {
            minScore = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse --min-score " + v + ": not a number");
          }
        }
        default -> throw new IllegalArgumentException("cannot parse arguments: unknown " + a);
      }
    }
    if (service == null || release == null) {
      throw new IllegalArgumentException("cannot run gate: --service and --release are required");
    }
    return new GateOptions(server, service, release, baseline, minScore, critical, token, json);
  }
}
