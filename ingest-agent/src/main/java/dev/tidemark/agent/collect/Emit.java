package dev.tidemark.agent.collect;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.Map;
import java.util.TreeMap;

/** Appends one probe's values with the agent's labels plus per-value ones, at one timestamp. */
final class Emit {
  private final Spool spool;
  private final Map<String, String> base;
  private final long now;
  private int count;

  Emit(Spool spool, Map<String, String> base, long now) {
    this.spool = spool;
    this.base = base;
    this.now = now;
  }

  void value(String metric, double value) {
    append(metric, Labels.of(base), value);
  }

  void value(String metric, String label, String labelValue, double value) {
    Map<String, String> labels = new TreeMap<>(base);
    labels.put(label, labelValue);
    append(metric, Labels.of(labels), value);
  }

  /** A value whose labels (the agent's and its own) the caller built once, see {@link Series}. */
  void value(String metric, Labels labels, double value) {
    append(metric, labels, value);
  }

  /** A value even when it is not finite: for staleness markers, which are a NaN. */
  void raw(String metric, Labels labels, double value) {
    if (spool.append(new Sample(metric, labels, now, value))) {
      count++;
    }
  }

  long now() {
    return now;
  }

  Map<String, String> base() {
    return base;
  }

  private void append(String metric, Labels labels, double value) {
    if (Double.isFinite(value) && spool.append(new Sample(metric, labels, now, value))) {
      count++;
    }
  }

  int count() {
    return count;
  }
}
