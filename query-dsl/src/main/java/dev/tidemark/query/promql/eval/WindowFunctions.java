package dev.tidemark.query.promql.eval;

import java.util.Arrays;

/**
 * Functions over the samples of one series inside one window {@code [rangeStart, rangeEnd]}, as
 * Prometheus 2.x computes them (sums and variances with Kahan compensation). {@code rate}, {@code
 * increase} and {@code delta} use Prometheus' extrapolation (to the window edges when the
 * first/last sample is within 1.1 average intervals of them, else by half an interval; a counter is
 * not extrapolated below zero). Returns null when the window yields no sample.
 */
final class WindowFunctions {

  private WindowFunctions() {}

  static Double apply(
      String f,
      double param,
      double param2,
      long[] t,
      double[] v,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      long stepTime) {
    int n = hi - lo;
    if (n == 0) {
      return null;
    }
    switch (f) {
      case "rate":
        return extrapolated(t, v, lo, hi, rangeStart, rangeEnd, true, true);
      case "increase":
        return extrapolated(t, v, lo, hi, rangeStart, rangeEnd, true, false);
      case "delta":
        return extrapolated(t, v, lo, hi, rangeStart, rangeEnd, false, false);
      case "irate":
      case "idelta":
        return instant(f.equals("irate"), t, v, lo, hi);
      case "changes":
      case "resets":
        return changes(f.equals("resets"), v, lo, hi);
      case "avg_over_time":
        return Kahan.mean(v, lo, hi);
      case "sum_over_time":
        return Kahan.sum(v, lo, hi);
      case "count_over_time":
        return (double) n;
      case "present_over_time":
        return 1.0;
      case "last_over_time":
        return v[hi - 1];
      case "min_over_time":
        return extreme(v, lo, hi, true);
      case "max_over_time":
        return extreme(v, lo, hi, false);
      case "stddev_over_time":
        return Math.sqrt(Kahan.variance(v, lo, hi));
      case "stdvar_over_time":
        return Kahan.variance(v, lo, hi);
      case "quantile_over_time":
        return quantile(param, Arrays.copyOfRange(v, lo, hi));
      case "mad_over_time":
        {
          double[] w = Arrays.copyOfRange(v, lo, hi);
          double median = quantile(0.5, w);
          for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(w[i] - median);
          }
          return quantile(0.5, w);
        }
      case "deriv":
        return n < 2 ? null : Regression.fit(t, v, lo, hi, t[lo])[0];
      case "predict_linear":
        {
          if (n < 2) {
            return null;
          }
          double[] fit = Regression.fit(t, v, lo, hi, stepTime);
          return fit[0] * param + fit[1];
        }
      case "holt_winters":
        return Regression.holtWinters(v, lo, hi, param, param2);
      default:
        throw new IllegalArgumentException("cannot apply function: unknown " + f);
    }
  }

  private static Double extrapolated(
      long[] t,
      double[] v,
      int lo,
      int hi,
      long rangeStart,
      long rangeEnd,
      boolean counter,
      boolean rate) {
    if (hi - lo < 2) {
      return null;
    }
    double result = v[hi - 1] - v[lo];
    if (counter) {
      for (int i = lo + 1; i < hi; i++) {
        if (v[i] < v[i - 1]) {
          result += v[i - 1];
        }
      }
    }
    double sampled = (t[hi - 1] - t[lo]) / 1000.0;
    double toStart = (t[lo] - rangeStart) / 1000.0;
    double toEnd = (rangeEnd - t[hi - 1]) / 1000.0;
    double avgInterval = sampled / (hi - lo - 1);
    if (counter && result > 0 && v[lo] >= 0) {
      double toZero = sampled * (v[lo] / result);
      if (toZero < toStart) {
        toStart = toZero;
      }
    }
    double threshold = avgInterval * 1.1;
    double interval = sampled;
    interval += toStart < threshold ? toStart : avgInterval / 2;
    interval += toEnd < threshold ? toEnd : avgInterval / 2;
    result = result * (interval / sampled);
    if (rate) {
      result /= (rangeEnd - rangeStart) / 1000.0;
    }
    return result;
  }

  private static Double instant(boolean rate, long[] t, double[] v, int lo, int hi) {
    if (hi - lo < 2) {
      return null;
    }
    double last = v[hi - 1];
    double prev = v[hi - 2];
    double d = rate && last < prev ? last : last - prev;
    if (!rate) {
      return d;
    }
    double seconds = (t[hi - 1] - t[hi - 2]) / 1000.0;
    return seconds == 0 ? null : d / seconds;
  }

  private static Double changes(boolean resets, double[] v, int lo, int hi) {
    int count = 0;
    for (int i = lo + 1; i < hi; i++) {
      boolean bothNaN = Double.isNaN(v[i]) && Double.isNaN(v[i - 1]);
      if (resets ? v[i] < v[i - 1] : v[i] != v[i - 1] && !bothNaN) {
        count++;
      }
    }
    return (double) count;
  }

  private static double extreme(double[] v, int lo, int hi, boolean min) {
    double best = v[lo];
    for (int i = lo + 1; i < hi; i++) {
      if (Double.isNaN(best) || (min ? v[i] < best : v[i] > best)) {
        best = v[i];
      }
    }
    return best;
  }

  /** Prometheus' quantile: linear interpolation between closest ranks; φ outside [0,1] → ±Inf. */
  static double quantile(double q, double[] values) {
    if (values.length == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double[] s = values.clone();
    Arrays.sort(s);
    double rank = q * (s.length - 1);
    int below = (int) Math.max(0, Math.floor(rank));
    int above = Math.min(s.length - 1, below + 1);
    double weight = rank - Math.floor(rank);
    return s[below] * (1 - weight) + s[above] * weight;
  }
}
