package dev.tidemark.query.promql.eval;

/**
 * The evaluation timestamps (epoch ms, ascending): one for an instant query, {@code start, start +
 * step, …, ≤ end} for a range query.
 */
public record Timeline(long[] times) {

  public static Timeline instant(long time) {
    return new Timeline(new long[] {time});
  }

  public static Timeline range(long start, long end, long step) {
    int n = (int) ((end - start) / step) + 1;
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = start + i * step;
    }
    return new Timeline(t);
  }

  public int size() {
    return times.length;
  }

  public long first() {
    return times[0];
  }

  public long last() {
    return times[times.length - 1];
  }
}
