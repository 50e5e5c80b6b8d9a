package dev.tidemark.query.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Flags unusual points of a series. */
public final class Anomalies {

  /** Consistency constant: MAD × 1/0.6745 estimates σ for normal data. */
  public static final double MAD_CONSTANT = 0.6745;

  /** Iglewicz–Hoaglin's recommended cut-off for the modified z-score. */
  public static final double DEFAULT_ZSCORE_THRESHOLD = 3.5;

  /** Band width of EWMA control limits, in standard deviations. */
  public static final double DEFAULT_EWMA_WIDTH = 3.0;

  /** EWMA smoothing factor. */
  public static final double DEFAULT_LAMBDA = 0.3;

  /** Points used to seed the EWMA mean and variance, never flagged. */
  public static final int EWMA_WARMUP = 10;

  /**
   * Smoothing of the EWMA's variance once past its first 1/λ points (a running mean until then):
   * about 200 points.
   */
  public static final double EWMA_VARIANCE_LAMBDA = 0.01;

  /** Previous seasons the seasonal baseline looks back over. */
  public static final int SEASONS = 4;

  private Anomalies() {}

  /**
   * Modified z-score {@code 0.6745 (x − median) / MAD} (Iglewicz and Hoaglin). When MAD is 0 the
   * mean absolute deviation × 1.253314 stands in for it; when that is 0 too, every point off the
   * median scores ±∞.
   */
  public static List<AnomalyScore> robustZ(long[] times, double[] values, double threshold) {
    double med = Descriptive.median(values);
    double scale = robustScale(values, med);
    List<AnomalyScore> out = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      double z = zscore(values[i], med, scale);
      double half = scale > 0 ? threshold * scale : 0;
      out.add(
          new AnomalyScore(
              times[i], values[i], med, z, med - half, med + half, Math.abs(z) > threshold));
    }
    return out;
  }

  /** σ estimate: MAD/0.6745, falling back to 1.253314 × mean absolute deviation. */
  static double robustScale(double[] values, double median) {
    double mad = Descriptive.mad(values);
    if (mad > 0) {
      return mad / MAD_CONSTANT;
    }
    double sum = 0;
    for (double v : values) {
      sum += Math.abs(v - median);
    }
    return 1.253314 * sum / values.length;
  }

  private static double zscore(double x, double center, double scale) {
    if (scale > 0) {
      return (x - center) / scale;
    }
    if (x == center) {
      return 0;
    }
    return x > center ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /**
   * EWMA control bands: each point is compared with the exponentially weighted mean of the points
   * before it ({@code m += λ·d}, d the point's deviation from m) and the standard deviation of
   * those deviations.
   *
   * <ul>
   *   <li>The variance is averaged over far more points than the mean ({@link
   *       #EWMA_VARIANCE_LAMBDA}: all points so far, then about the last 200): smoothed with the
   *       mean's λ = 0.3 it covered about five points, and a σ estimated from five points flags
   *       white noise at 4% instead of the 0.27% a 3σ band promises.
   *   <li>A point updates both estimates with its deviation clipped to the band, so one spike
   *       neither drags the mean nor widens the band enough to hide the next spike; a real level
   *       shift is still followed, at most a band's width per point.
   *   <li>The first {@link #EWMA_WARMUP} points seed the estimates and are not flagged.
   * </ul>
   */
  public static List<AnomalyScore> ewma(
      long[] times, double[] values, double lambda, double width) {
    List<AnomalyScore> out = new ArrayList<>(values.length);
    int warm = Math.min(EWMA_WARMUP, values.length);
    double[] seed = java.util.Arrays.copyOf(values, warm);
    double mean = warm > 0 ? Descriptive.mean(seed) : 0;
    // a deviation from the EWMA mean has variance σ²(1 + λ/(2 − λ)), not σ²
    double var = Descriptive.variance(seed) * (1 + lambda / (2 - lambda));
    long updates = Math.max(1, warm - 1);
    for (int i = 0; i < values.length; i++) {
      double x = values[i];
      if (i < warm) {
        out.add(
            new AnomalyScore(times[i], x, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false));
        continue;
      }
      double sd = Math.sqrt(var);
      double z = zscore(x, mean, sd);
      out.add(
          new AnomalyScore(
              times[i], x, mean, z, mean - width * sd, mean + width * sd, Math.abs(z) > width));
      double limit = width * sd;
      double d = limit > 0 ? Math.max(-limit, Math.min(limit, x - mean)) : x - mean;
      mean += lambda * d;
      updates++;
      double lv = Math.max(EWMA_VARIANCE_LAMBDA, 1.0 / updates);
      var = (1 - lv) * var + lv * d * d;
    }
    return out;
  }

  /**
   * Seasonal robust z-score: each point's baseline is the median of the values exactly one, two, …
   * {@link #SEASONS} seasons earlier (matched by timestamp); the residuals are scored with the
   * robust z-score. Points with no earlier season are not scored.
   */
  public static List<AnomalyScore> seasonal(
      long[] times, double[] values, long seasonMs, double threshold) {
    Map<Long, Double> byTime = new HashMap<>();
    for (int i = 0; i < times.length; i++) {
      byTime.put(times[i], values[i]);
    }
    double[] baseline = new double[values.length];
    List<Double> residuals = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      List<Double> past = new ArrayList<>();
      for (int k = 1; k <= SEASONS; k++) {
        Double v = byTime.get(times[i] - k * seasonMs);
        if (v != null) {
          past.add(v);
        }
      }
      if (past.isEmpty()) {
        baseline[i] = Double.NaN;
      } else {
        baseline[i] = Descriptive.median(past.stream().mapToDouble(Double::doubleValue).toArray());
        residuals.add(values[i] - baseline[i]);
      }
    }
    double[] r = residuals.stream().mapToDouble(Double::doubleValue).toArray();
    double center = r.length > 0 ? Descriptive.median(r) : 0;
    double scale = r.length > 0 ? robustScale(r, center) : 0;
    List<AnomalyScore> out = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(baseline[i])) {
        out.add(
            new AnomalyScore(
                times[i], values[i], Double.NaN, Double.NaN, Double.NaN, Double.NaN, false));
        continue;
      }
      double z = zscore(values[i] - baseline[i] - center, 0, scale);
      double lo = baseline[i] + center - threshold * scale;
      double hi = baseline[i] + center + threshold * scale;
      out.add(
          new AnomalyScore(
              times[i], values[i], baseline[i] + center, z, lo, hi, Math.abs(z) > threshold));
    }
    return out;
  }
}
