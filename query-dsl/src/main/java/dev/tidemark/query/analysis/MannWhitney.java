package dev.tidemark.query.analysis;

import java.util.Arrays;

/**
 * The Mann–Whitney U test (Wilcoxon rank-sum). Exact null distribution for small samples without
 * ties; otherwise the normal approximation with tie correction and continuity correction.
 */
public final class MannWhitney {

  /** Largest n·m for which the exact distribution is computed. */
  static final int EXACT_LIMIT = 2_500;

  private MannWhitney() {}

  /** U statistic of the first sample: the number of pairs (x, y) with x &gt; y, ties counting ½. */
  public static double u(double[] x, double[] y) {
    int n1 = x.length;
    int n = n1 + y.length;
    double[] all = new double[n];
    System.arraycopy(x, 0, all, 0, n1);
    System.arraycopy(y, 0, all, n1, y.length);
    double[] ranks = midranks(all);
    double r1 = 0;
    for (int i = 0; i < n1; i++) {
      r1 += ranks[i];
    }
    return r1 - n1 * (n1 + 1) / 2.0;
  }

  /** Two-sided p-value. */
  public static double pValue(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    if (n1 == 0 || n2 == 0) {
      return 1;
    }
    double u = u(x, y);
    double[] all = concat(x, y);
    double tieTerm = tieTerm(all);
    if (tieTerm == 0 && (long) n1 * n2 <= EXACT_LIMIT) {
      double[] cdf = exactCdf(n1, n2);
      // U is symmetric about n1·n2/2: P(U ≥ k) = P(U ≤ n1·n2 − k). Reading both tails from the
      // lower end keeps them exact; 1 − P(U < k) cancels to 0 once P(U < k) rounds to 1.
      int k = (int) Math.round(u);
      return Math.min(1, 2 * cdf[Math.min(k, n1 * n2 - k)]);
    }
    int n = n1 + n2;
    double mu = n1 * (double) n2 / 2;
    double var = n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
    if (!(var > 0)) {
      return 1;
    }
    double z = Math.max(0, Math.abs(u - mu) - 0.5) / Math.sqrt(var);
    return Math.min(1, 2 * Distributions.normalUpperTail(z));
  }

  /**
   * {@code cdf[k] = P(U ≤ k)} under the null for sample sizes n1, n2 (no ties), from the recurrence
   * on the number of arrangements.
   */
  static double[] exactCdf(int n1, int n2) {
    int max = n1 * n2;
    // counts[j][u] for the current i, built row by row: f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u)
    double[][] prev = new double[n2 + 1][];
    for (int j = 0; j <= n2; j++) {
      prev[j] = new double[max + 1];
      prev[j][0] = 1;
    }
    for (int i = 1; i <= n1; i++) {
      double[][] cur = new double[n2 + 1][];
      cur[0] = new double[max + 1];
      cur[0][0] = 1;
      for (int j = 1; j <= n2; j++) {
        cur[j] = new double[max + 1];
        for (int u = 0; u <= i * j; u++) {
          double a = u >= j ? prev[j][u - j] : 0;
          double b = cur[j - 1][u];
          cur[j][u] = a + b;
        }
      }
      prev = cur;
    }
    double[] counts = prev[n2];
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    double[] cdf = new double[max + 1];
    double run = 0;
    for (int u = 0; u <= max; u++) {
      run += counts[u];
      cdf[u] = run / total;
    }
    return cdf;
  }

  static double[] concat(double[] x, double[] y) {
    double[] all = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, all, x.length, y.length);
    return all;
  }

  /** Σ (t³ − t) over groups of tied values. */
  static double tieTerm(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    double term = 0;
    int i = 0;
    while (i < s.length) {
      int j = i;
      while (j + 1 < s.length && s[j + 1] == s[i]) {
        j++;
      }
      double t = j - i + 1;
      term += t * t * t - t;
      i = j + 1;
    }
    return term;
  }

  /** 1-based ranks, ties getting the mean of their ranks. */
  static double[] midranks(double[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double r = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = r;
      }
      i = j + 1;
    }
    return ranks;
  }
}
