package dev.tidemark.agent.record;

import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the record endpoint's text format: {@code TYPE METRIC VALUE [label=value …]}, with
 * TYPE {@code latency} (a non-negative integer in the agent's record unit), {@code counter} (a
 * non-negative integer increment) or {@code gauge} (a finite number). Fields are separated by
 * spaces; blank lines and lines starting with {@code #} are skipped.
 *
 * <pre>latency checkout_latency 1532 op=checkout
 * counter checkout_total 1
 * gauge queue_depth 17.5 queue=orders</pre>
 */
public record RecordLine(String type, String metric, String value, Map<String, String> labels) {

  /** Parses a line; null for blank and comment lines. */
  public static RecordLine parse(String line, int number) {
    String t = line.strip();
    if (t.isEmpty() || t.startsWith("#")) {
      return null;
    }
    String[] f = t.split("\\s+");
    if (f.length < 3) {
      throw bad(number, "expected TYPE METRIC VALUE [label=value …]", t);
    }
    if (!f[0].equals("latency") && !f[0].equals("counter") && !f[0].equals("gauge")) {
      throw bad(number, "type must be latency, counter or gauge", t);
    }
    if (!Recording.METRIC.matcher(f[1]).matches()) {
      throw bad(number, "metric name is not [a-zA-Z_:][a-zA-Z0-9_:]*", t);
    }
    Map<String, String> labels = new TreeMap<>();
    for (int i = 3; i < f.length; i++) {
      int eq = f[i].indexOf('=');
      if (eq <= 0 || !Recording.LABEL.matcher(f[i].substring(0, eq)).matches()) {
        throw bad(number, "label must be name=value with name [a-zA-Z_][a-zA-Z0-9_]*", t);
      }
      labels.put(f[i].substring(0, eq), f[i].substring(eq + 1));
    }
    RecordLine r = new RecordLine(f[0], f[1], f[2], labels);
    r.check(number, t);
    return r;
  }

  private void check(int number, String line) {
    try {
      if (type.equals("gauge")) {
        if (!Double.isFinite(Double.parseDouble(value))) {
          throw bad(number, "gauge value must be a finite number", line);
        }
      } else if (Long.parseLong(value) < 0) {
        throw bad(number, type + " value must be a non-negative integer", line);
      }
    } catch (NumberFormatException e) {
      throw bad(
          number,
          type.equals("gauge")
              ? "gauge value must be a finite number"
              : type + " value must be a non-negative integer",
          line);
    }
  }

  /** Applies the line to the recording. */
  public void applyTo(Recording recording, String unit) {
    switch (type) {
      case "latency" -> recording.latency(metric, unit, labels).record(Long.parseLong(value));
      case "counter" -> recording.counter(metric, labels).add(Long.parseLong(value));
      default -> recording.gauge(metric, labels).set(Double.parseDouble(value));
    }
  }

  private static IllegalArgumentException bad(int number, String cause, String line) {
    String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
    return new IllegalArgumentException(
        "cannot parse record line " + number + ": " + cause + " [line=" + shown + "]");
  }
}
