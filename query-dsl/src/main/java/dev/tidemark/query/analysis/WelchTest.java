package dev.tidemark.query.analysis;

/** Welch's unequal-variance two-sample t-test from summary statistics. */
public final class WelchTest {

  private WelchTest() {}

  /**
   * Two-sided p-value that two samples have equal means.
   *
   * @param var1 sample variance (n − 1 denominator) of the first sample
   */
  public static double pValue(
      double mean1, double var1, long n1, double mean2, double var2, long n2) {
    if (n1 < 2 || n2 < 2) {
      return 1;
    }
    double se2 = var1 / n1 + var2 / n2;
    if (!(se2 > 0)) {
      return mean1 == mean2 ? 1 : 0;
    }
    double t = (mean2 - mean1) / Math.sqrt(se2);
    double df =
        se2 * se2 / ((var1 / n1) * (var1 / n1) / (n1 - 1) + (var2 / n2) * (var2 / n2) / (n2 - 1));
    return Distributions.studentTwoSided(t, df);
  }
}
