package dev.tidemark.releases.report;

import dev.tidemark.releases.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release's per-run evidence as a file: one record per run ({@code service, release, metric,
 * operation, run, value}, run counting from 1 in time order), as CSV (RFC 4180, with a header) or
 * JSON lines. Counters are their per-second rates, as comparisons use them.
 */
public final class EvidenceExport {
  private EvidenceExport() {}

  public static String csv(String service, String version, Map<String, double[]> runs) {
    StringBuilder out = new StringBuilder("service,release,metric,operation,run,value\r\n");
    for (Map.Entry<String, double[]> e : new TreeMap<>(runs).entrySet()) {
      String[] k = e.getKey().split("\t", 2);
      double[] v = e.getValue();
      for (int i = 0; i < v.length; i++) {
        out.append(field(service))
            .append(',')
            .append(field(version))
            .append(',')
            .append(field(k[0]))
            .append(',')
            .append(field(k[1]))
            .append(',')
            .append(i + 1)
            .append(',')
            .append(v[i])
            .append("\r\n");
      }
    }
    return out.toString();
  }

  public static String jsonLines(String service, String version, Map<String, double[]> runs) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, double[]> e : new TreeMap<>(runs).entrySet()) {
      String[] k = e.getKey().split("\t", 2);
      double[] v = e.getValue();
      for (int i = 0; i < v.length; i++) {
        out.append(
                new JsonObject()
                    .put("service", service)
                    .put("release", version)
                    .put("metric", k[0])
                    .put("operation", k[1].isEmpty() ? null : k[1])
                    .put("run", i + 1)
                    .put("value", v[i])
                    .encode())
            .append('\n');
      }
    }
    return out.toString();
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
