package dev.tidemark.releases.compare;

import dev.tidemark.releases.json.JsonArray;
import dev.tidemark.releases.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between two environment fingerprints, flattened to dotted keys ({@code cpu.model},
 * {@code jvm.version}), so a regression measured on a different machine shows as such. The labels
 * that name the release itself ({@code release}, {@code labels.release}; the agent writes its
 * labels into the fingerprint) differ by definition and are no change of machine.
 */
public final class EnvironmentDiff {
  /** Keys that identify the release, not the machine. */
  static final java.util.Set<String> IDENTITY =
      java.util.Set.of("release", "labels.release", "version", "commit", "labels.commit");

  private EnvironmentDiff() {}

  public static JsonArray compute(JsonObject baseline, JsonObject candidate) {
    Map<String, Object> a = flatten(baseline);
    Map<String, Object> b = flatten(candidate);
    JsonArray out = new JsonArray();
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    keys.removeAll(IDENTITY);
    for (String k : keys) {
      Object x = a.get(k);
      Object y = b.get(k);
      if (x == null ? y != null : !x.equals(y)) {
        out.add(new JsonObject().put("key", k).put("baseline", x).put("candidate", y));
      }
    }
    return out;
  }

  static Map<String, Object> flatten(JsonObject o) {
    Map<String, Object> out = new TreeMap<>();
    if (o != null) {
      walk("", o, out, 0);
    }
    return out;
  }

  private static void walk(String prefix, Object v, Map<String, Object> out, int depth) {
    if (v instanceof JsonObject o && depth < 8) {
      for (String k : o.fieldNames()) {
        walk(prefix.isEmpty() ? k : prefix + "." + k, o.getValue(k), out, depth + 1);
      }
    } else if (v instanceof JsonArray arr && depth < 8) {
      for (int i = 0; i < arr.size(); i++) {
        walk(prefix + "[" + i + "]", arr.getValue(i), out, depth + 1);
      }
    } else {
      out.put(prefix, v);
    }
  }
}
