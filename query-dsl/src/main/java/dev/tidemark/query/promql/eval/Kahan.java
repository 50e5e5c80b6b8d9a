package dev.tidemark.query.promql.eval;

/**
 * Compensated (Kahan–Neumaier) sums, as Prometheus 2.x uses them for {@code sum_over_time}, {@code
 * avg_over_time}, the variance functions and linear regression: results agree with Prometheus to
 * the last bits where a plain sum would drift.
 */
final class Kahan {
  private double sum;
  private double c;

  void add(double x) {
    double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      c += (sum - t) + x;
    } else {
      c += (x - t) + sum;
    }
    sum = t;
  }

  /** The sum; an infinite running sum is returned as it is (its compensation would be NaN). */
  double value() {
    return Double.isInfinite(sum) ? sum : sum + c;
  }

  /** The raw running sum plus compensation, as the variance and regression code reads it. */
  double total() {
    return sum + c;
  }

  static double sum(double[] v, int lo, int hi) {
    Kahan k = new Kahan();
    for (int i = lo; i < hi; i++) {
      k.add(v[i]);
    }
    return k.value();
  }

  /** The incremental mean of Prometheus' {@code avg_over_time}, which cannot overflow. */
  static double mean(double[] v, int lo, int hi) {
    Kahan mean = new Kahan();
    double count = 0;
    for (int i = lo; i < hi; i++) {
      count++;
      double m = mean.sum;
      if (Double.isInfinite(m)) {
        if (Double.isInfinite(v[i]) && (m > 0) == (v[i] > 0)) {
          continue;
        }
        if (!Double.isInfinite(v[i]) && !Double.isNaN(v[i])) {
          continue;
        }
      }
      mean.add(v[i] / count - m / count);
    }
    return Double.isInfinite(mean.sum) ? mean.sum : mean.sum + mean.c;
  }

  /** Population variance, Welford's update with compensated running sums. */
  static double variance(double[] v, int lo, int hi) {
    double count = 0;
    Kahan mean = new Kahan();
    Kahan aux = new Kahan();
    for (int i = lo; i < hi; i++) {
      count++;
      double delta = v[i] - mean.total();
      mean.add(delta / count);
      aux.add(delta * (v[i] - mean.total()));
    }
    return aux.total() / count;
  }
}
