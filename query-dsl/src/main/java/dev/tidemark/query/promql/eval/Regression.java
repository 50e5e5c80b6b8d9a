package dev.tidemark.query.promql.eval;

import dev.tidemark.query.promql.PromQlException;

/** Least-squares lines for {@code deriv}/{@code predict_linear}, and {@code holt_winters}. */
final class Regression {

  private Regression() {}

  /**
   * Slope (per second) and intercept at {@code interceptTime} of the least-squares line through the
   * samples; a constant series has slope 0 (NaN for a constant infinity).
   */
  static double[] fit(long[] t, double[] v, int lo, int hi, long interceptTime) {
    double n = 0;
    Kahan sumX = new Kahan();
    Kahan sumY = new Kahan();
    Kahan sumXY = new Kahan();
    Kahan sumX2 = new Kahan();
    boolean constant = true;
    double initY = v[lo];
    for (int i = lo; i < hi; i++) {
      if (constant && i > lo && v[i] != initY) {
        constant = false;
      }
      n++;
      double x = (t[i] - interceptTime) / 1e3;
      sumX.add(x);
      sumY.add(v[i]);
      sumXY.add(x * v[i]);
      sumX2.add(x * x);
    }
    if (constant) {
      return Double.isInfinite(initY)
          ? new double[] {Double.NaN, Double.NaN}
          : new double[] {0, initY};
    }
    double sx = sumX.total();
    double sy = sumY.total();
    double covXY = sumXY.total() - sx * sy / n;
    double varX = sumX2.total() - sx * sx / n;
    double slope = covXY / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }

  /** Double exponential smoothing with smoothing factor {@code sf} and trend factor {@code tf}. */
  static Double holtWinters(double[] v, int lo, int hi, double sf, double tf) {
    if (!(sf > 0 && sf < 1)) {
      throw PromQlException.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: " + sf);
    }
    if (!(tf > 0 && tf < 1)) {
      throw PromQlException.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + tf);
    }
    if (hi - lo < 2) {
      return null;
    }
    double s0 = 0;
    double s1 = v[lo];
    double b = v[lo + 1] - v[lo];
    for (int i = 1; i < hi - lo; i++) {
      double x = sf * v[lo + i];
      b = i - 1 == 0 ? b : tf * (s1 - s0) + (1 - tf) * b;
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }
}
