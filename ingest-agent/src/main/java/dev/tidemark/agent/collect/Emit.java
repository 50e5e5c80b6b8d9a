package dev.tidemark.agent.collect;

import dev.tidemark.agent.spool.Spool;
import dev.tidemark.protocol.Labels;
import dev.tidemark.protocol.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One probe's values with the agent's labels plus per-value ones, at one timestamp; {@link #flush}
 * spools them as one entry, so a crash keeps all of a probe's values or none.
 */
final class Emit {
  private final Spool spool;
  private final Map<String, String> base;
  private final long now;
  private final List<Sample> values = new ArrayList<>();
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
    values.add(new Sample(metric, labels, now, value));
  }

  long now() {
    return now;
  }

  Map<String, String> base() {
    return base;
  }

  private void append(String metric, Labels labels, double value) {
    if (Double.isFinite(value)) {
      values.add(new Sample(metric, labels, now, value));
    }
  }

  /** Spools the values gathered since the last flush. */
  void flush() {
    if (spool.appendAll(values)) {
      count += values.size();
    }
    values.clear();
  }

  /** Values spooled so far. */
  int count() {
    return count;
  }
}
