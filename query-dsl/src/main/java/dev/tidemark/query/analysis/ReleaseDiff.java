package dev.tidemark.query.analysis;

/**
 * Compares the runs of a candidate release with those of a baseline release for one metric and
 * operation.
 *
 * <p>Verdict, with the change expressed relative to the baseline median and signed so that "worse"
 * is positive for lower-is-better metrics and negative for higher-is-better ones:
 *
 * <ul>
 *   <li>{@code REGRESSION}: the Mann–Whitney p-value is below alpha (the change is real) and the
 *       Hodges–Lehmann estimate is worse by at least the threshold (the change is large): both
 *       conditions of DESIGN.md. The estimate, not the interval, must pass the threshold: an
 *       interval that merely reaches it called a true 3% shift (30 runs, 5% noise) a regression at
 *       a 5% threshold in 54% of samples; with the estimate, 7% (numpy/scipy simulation, {@code
 *       ReleaseDiffTest}). The interval's lower end would be stricter still, but would miss most
 *       true regressions just over the threshold.
 *   <li>{@code IMPROVEMENT}: the mirror image.
 *   <li>{@code NO_CHANGE}: the whole interval lies within ±threshold (a threshold-sized change is
 *       ruled out), or the change is real but its estimate is under the threshold.
 *   <li>{@code NEEDS_MORE_RUNS}: not significant, and the interval still reaches past the threshold
 *       (or cannot be computed at this sample size).
 * </ul>
 *
 * <p>{@code runsNeeded} is the runs per side a two-sided test at alpha needs for 80% power against
 * a change of exactly the threshold, with the pooled standard deviation: {@code 2(z₁₋α/₂ +
 * z₀.₈)²σ²/δ²}, divided by 3/π, the Mann–Whitney test's efficiency relative to the t-test.
 *
 * @param deltaPct {@code (candidate median − baseline median) / |baseline median| × 100}
 * @param shiftPct Hodges–Lehmann shift, % of the baseline median
 * @param ciLowPct lower end of the 95% interval of the shift, %; NaN if too few runs
 * @param ciHighPct upper end, %; NaN if too few runs
 */
public record ReleaseDiff(
    int baselineRuns,
    int candidateRuns,
    double baselineMedian,
    double baselineP95,
    double candidateMedian,
    double candidateP95,
    double deltaPct,
    double shiftPct,
    double ciLowPct,
    double ciHighPct,
    double pValue,
    Verdict verdict,
    int runsNeeded) {

  /** Statistical power the runs-needed estimate aims for. */
  public static final double POWER = 0.8;

  /**
   * Compares two samples.
   *
   * @param threshold relative, e.g. 0.05
   * @param alpha significance level, e.g. 0.05
   */
  public static ReleaseDiff compare(
      double[] baseline, double[] candidate, double threshold, double alpha, Direction direction) {
    if (baseline.length == 0 || candidate.length == 0) {
      throw new IllegalArgumentException(
          "cannot compare releases: both need at least one run [baseline="
              + baseline.length
              + ", candidate="
              + candidate.length
              + "]");
    }
    double bMed = Descriptive.median(baseline);
    double cMed = Descriptive.median(candidate);
    double scale = Math.abs(bMed);
    double delta = scale > 0 ? (cMed - bMed) / scale * 100 : Double.NaN;
    HodgesLehmann hl = HodgesLehmann.estimate(baseline, candidate, 0.95);
    double shift = scale > 0 ? hl.shift() / scale * 100 : Double.NaN;
    double lo = scale > 0 ? hl.low() / scale * 100 : Double.NaN;
    double hi = scale > 0 ? hl.high() / scale * 100 : Double.NaN;
    double p = MannWhitney.pValue(baseline, candidate);
    int needed = runsNeeded(baseline, candidate, threshold * scale, alpha);
    Verdict v = verdict(shift, lo, hi, p, threshold * 100, alpha, direction);
    return new ReleaseDiff(
        baseline.length,
        candidate.length,
        bMed,
        Descriptive.quantile(baseline, 0.95),
        cMed,
        Descriptive.quantile(candidate, 0.95),
        delta,
        shift,
        lo,
        hi,
        p,
        v,
        needed);
  }

  static Verdict verdict(
      double shift,
      double lo,
      double hi,
      double p,
      double thresholdPct,
      double alpha,
      Direction direction) {
    double sign = direction == Direction.LOWER_IS_BETTER ? 1 : -1;
    double worse = sign * shift;
    boolean significant = p < alpha;
    boolean haveCi = !Double.isNaN(lo) && !Double.isNaN(hi);
    if (significant && worse >= thresholdPct) {
      return Verdict.REGRESSION;
    }
    if (significant && worse <= -thresholdPct) {
      return Verdict.IMPROVEMENT;
    }
    if (haveCi && lo > -thresholdPct && hi < thresholdPct) {
      return Verdict.NO_CHANGE;
    }
    if (significant) {
      return Verdict.NO_CHANGE;
    }
    return Verdict.NEEDS_MORE_RUNS;
  }

  static int runsNeeded(double[] x, double[] y, double delta, double alpha) {
    double pooled =
        ((x.length - 1) * Descriptive.variance(x) + (y.length - 1) * Descriptive.variance(y))
            / Math.max(1, x.length + y.length - 2);
    if (!(delta > 0) || !(pooled > 0)) {
      return 2;
    }
    double z = Distributions.normalQuantile(1 - alpha / 2) + Distributions.normalQuantile(POWER);
    double n = 2 * z * z * pooled / (delta * delta) / (3 / Math.PI);
    return (int) Math.max(2, Math.ceil(n));
  }
}
