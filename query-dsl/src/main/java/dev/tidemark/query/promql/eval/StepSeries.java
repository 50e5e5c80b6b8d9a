package dev.tidemark.query.promql.eval;

import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of an instant vector evaluated at every step of a {@link Timeline}: a value per step
 * and whether the series has a sample at that step (NaN is a legal sample value, so presence is
 * kept apart).
 */
public final class StepSeries {
  private final Map<String, String> labels;
  private final double[] values;
  private final BitSet present;

  public StepSeries(Map<String, String> labels, int steps) {
    this.labels = new TreeMap<>(labels);
    this.values = new double[steps];
    this.present = new BitSet(steps);
  }

  /** Labels, sorted, including {@code __name__} when the series still has one. */
  public Map<String, String> labels() {
    return labels;
  }

  public void set(int step, double value) {
    values[step] = value;
    present.set(step);
  }

  public boolean has(int step) {
    return present.get(step);
  }

  public double get(int step) {
    return values[step];
  }

  /** Number of steps of the timeline. */
  public int steps() {
    return values.length;
  }

  public boolean isEmpty() {
    return present.isEmpty();
  }

  /** The same values under other labels. */
  public StepSeries relabel(Map<String, String> newLabels) {
    StepSeries s = new StepSeries(newLabels, values.length);
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      s.set(i, values[i]);
    }
    return s;
  }

  /** Labels without the metric name. */
  public static Map<String, String> dropName(Map<String, String> labels) {
    Map<String, String> out = new TreeMap<>(labels);
    out.remove("__name__");
    return out;
  }
}
