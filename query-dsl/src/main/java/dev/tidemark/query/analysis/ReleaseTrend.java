package dev.tidemark.query.analysis;

import java.util.List;

/**
 * Trend across releases: the mean of each release, in release order, regressed on the release's
 * ordinal (0, 1, 2, …); the slope is the change per release.
 *
 * @param pctPerRelease slope as a percentage of the mean of the release means
 */
public record ReleaseTrend(
    List<String> releases,
    double[] means,
    double slopePerRelease,
    double slopeLow,
    double slopeHigh,
    double pctPerRelease,
    double pValue) {

  /**
   * Fits the per-release trend.
   *
   * @param releases names in release order
   * @param means each release's mean, same order; at least three releases
   */
  public static ReleaseTrend fit(List<String> releases, double[] means, double confidence) {
    long[] ordinal = new long[means.length];
    for (int i = 0; i < ordinal.length; i++) {
      ordinal[i] = i * 86_400_000L;
    }
    TrendFit f = TrendFit.fit(ordinal, means, confidence, new long[0]);
    return new ReleaseTrend(
        List.copyOf(releases),
        means.clone(),
        f.slopePerDay(),
        f.slopeLow(),
        f.slopeHigh(),
        f.pctPerDay(),
        f.pValue());
  }
}
