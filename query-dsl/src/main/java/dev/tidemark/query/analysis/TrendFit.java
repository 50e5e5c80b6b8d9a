package dev.tidemark.query.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Ordinary least squares of value on time, with a t-based confidence interval for the slope and
 * prediction intervals for a forecast.
 *
 * @param n number of points
 * @param slopePerDay fitted change per day
 * @param slopeLow lower end of the slope's confidence interval (per day)
 * @param slopeHigh upper end
 * @param intercept fitted value at the first point's time
 * @param pctPerDay slope as a percentage of the mean level
 * @param pValue two-sided p-value of slope ≠ 0
 * @param r2 coefficient of determination
 * @param residualSd standard error of the regression
 * @param forecast the forecast points (empty unless asked for)
 */
public record TrendFit(
    int n,
    double slopePerDay,
    double slopeLow,
    double slopeHigh,
    double intercept,
    double pctPerDay,
    double pValue,
    double r2,
    double residualSd,
    List<Forecast> forecast) {

  private static final double DAY_MS = 86_400_000.0;

  /** One forecast period: time, predicted value, prediction interval. */
  public record Forecast(long time, double value, double low, double high) {}

  /**
   * Fits a line.
   *
   * @param times epoch ms, ascending
   * @param confidence e.g. 0.95
   * @param forecastTimes the times (epoch ms) to forecast, usually the next buckets
   * @throws IllegalArgumentException for fewer than three points or a single distinct time
   */
  public static TrendFit fit(
      long[] times, double[] values, double confidence, long[] forecastTimes) {
    int n = times.length;
    if (n < 3) {
      throw new IllegalArgumentException(
          "cannot fit trend: needs at least three points [points=" + n + "]");
    }
    long t0 = times[0];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (times[i] - t0) / DAY_MS;
    }
    double mx = Descriptive.mean(x);
    double my = Descriptive.mean(values);
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (values[i] - my);
      syy += (values[i] - my) * (values[i] - my);
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("cannot fit trend: all points share one time");
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double r = values[i] - (intercept + slope * x[i]);
      sse += r * r;
    }
    int df = n - 2;
    double s = Math.sqrt(sse / df);
    double seSlope = s / Math.sqrt(sxx);
    double tCrit = Distributions.studentQuantile(0.5 + confidence / 2, df);
    double pValue =
        seSlope > 0 ? Distributions.studentTwoSided(slope / seSlope, df) : (slope == 0 ? 1 : 0);
    double r2 = syy > 0 ? 1 - sse / syy : 1;
    List<Forecast> forecast = new ArrayList<>();
    for (long t : forecastTimes) {
      double xf = (t - t0) / DAY_MS;
      double yf = intercept + slope * xf;
      double half = tCrit * s * Math.sqrt(1 + 1.0 / n + (xf - mx) * (xf - mx) / sxx);
      forecast.add(new Forecast(t, yf, yf - half, yf + half));
    }
    double pct = my != 0 ? slope / Math.abs(my) * 100 : Double.NaN;
    return new TrendFit(
        n,
        slope,
        slope - tCrit * seSlope,
        slope + tCrit * seSlope,
        intercept,
        pct,
        pValue,
        r2,
        s,
        List.copyOf(forecast));
  }

  /** The fitted value at a time. */
  public double valueAt(long firstTime, long time) {
    return intercept + slopePerDay * (time - firstTime) / DAY_MS;
  }
}
