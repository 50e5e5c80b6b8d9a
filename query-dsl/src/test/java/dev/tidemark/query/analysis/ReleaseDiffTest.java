package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReleaseDiffTest {

  private static double[] runs(Random r, int n, double level, double noise) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = level * (1 + r.nextGaussian() * noise);
    }
    return x;
  }

  private static ReleaseDiff diff(long seed, int n, double shift, double noise, Direction d) {
    Random r = new Random(seed);
    return ReleaseDiff.compare(
        runs(r, n, 100, noise), runs(r, n, 100 * (1 + shift), noise), 0.05, 0.05, d);
  }

  @Test
  void sevenPercentSlowerWithThirtyRunsAtTwoPercentNoiseIsARegression() {
    ReleaseDiff first = diff(0, 30, 0.07, 0.02, Direction.LOWER_IS_BETTER);
    assertThat(first.verdict()).isEqualTo(Verdict.REGRESSION);
    int regressions = 0;
    for (long seed = 0; seed < 200; seed++) {
      ReleaseDiff d = diff(seed, 30, 0.07, 0.02, Direction.LOWER_IS_BETTER);
      assertThat(d.verdict()).isIn(Verdict.REGRESSION, Verdict.NO_CHANGE);
      assertThat(d.pValue()).isLessThan(0.001);
      assertThat(d.ciLowPct()).isLessThan(d.shiftPct());
      assertThat(d.ciHighPct()).isGreaterThan(d.shiftPct());
      regressions += d.verdict() == Verdict.REGRESSION ? 1 : 0;
    }
    assertThat(regressions).isGreaterThanOrEqualTo(195);
  }

  /**
   * The rule "significant and the Hodges–Lehmann estimate past the threshold", simulated with numpy
   * (default_rng(7), 2,000 trials, 30 runs a side, 5% noise) and scipy's mannwhitneyu: regression
   * rates 0.074 for a true 3% shift, 0.498 for 5%, 0.985 for 8% at a 5% threshold. The old rule
   * (the interval reaching the threshold) called the 3% shift a regression 54% of the time.
   */
  @Test
  void regressionRateFollowsTheEstimateNotTheIntervalEdge() {
    double[] shifts = {0.03, 0.05, 0.08};
    double[] reference = {0.074, 0.498, 0.985};
    for (int k = 0; k < shifts.length; k++) {
      int regressions = 0;
      int trials = 1000;
      for (long seed = 0; seed < trials; seed++) {
        Random r = new Random(1000 * k + seed);
        ReleaseDiff d =
            ReleaseDiff.compare(
                runs(r, 30, 100, 0.05),
                runs(r, 30, 100 * (1 + shifts[k]), 0.05),
                0.05,
                0.05,
                Direction.LOWER_IS_BETTER);
        regressions += d.verdict() == Verdict.REGRESSION ? 1 : 0;
      }
      // binomial sd at 1,000 trials is at most 0.016
      assertThat((double) regressions / trials).isCloseTo(reference[k], within(0.05));
    }
  }

  /**
   * scipy 1.17.1 {@code mannwhitneyu(x, y, method="exact")}, either order: fully separated 30 and
   * 30 runs give 2/C(60, 30) = 1.6911233892144735e-17; the overlapping pair below
   * 0.00182977609279938.
   */
  @Test
  void exactMannWhitneyIsSymmetric() {
    double[] low = new double[30];
    double[] high = new double[30];
    for (int i = 0; i < 30; i++) {
      low[i] = 1 + i;
      high[i] = 31 + i;
    }
    assertThat(MannWhitney.pValue(low, high)).isCloseTo(1.6911233892144735e-17, within(1e-26));
    assertThat(MannWhitney.pValue(high, low)).isCloseTo(1.6911233892144735e-17, within(1e-26));
    double[] b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    double[] c = {4.5, 6.5, 8.5, 10.5, 12.5, 13, 14, 15, 16, 17, 18, 19};
    assertThat(MannWhitney.pValue(b, c)).isCloseTo(0.00182977609279938, within(1e-12));
    assertThat(MannWhitney.pValue(c, b)).isCloseTo(0.00182977609279938, within(1e-12));
  }

  @Test
  void onePercentShiftIsNotARegression() {
    for (long seed = 0; seed < 50; seed++) {
      ReleaseDiff d = diff(seed, 30, 0.01, 0.02, Direction.LOWER_IS_BETTER);
      assertThat(d.verdict()).as("seed %d: %s", seed, d).isEqualTo(Verdict.NO_CHANGE);
    }
  }

  @Test
  void threeRunsAtTenPercentNoiseNeedsMoreRuns() {
    for (long seed = 0; seed < 50; seed++) {
      ReleaseDiff d = diff(seed, 3, 0.05, 0.10, Direction.LOWER_IS_BETTER);
      assertThat(d.verdict()).as("seed %d: %s", seed, d).isEqualTo(Verdict.NEEDS_MORE_RUNS);
      assertThat(d.runsNeeded()).isGreaterThan(3);
    }
    // σ = 10, δ = 5 at alpha 0.05 and 80% power: 2 (1.96 + 0.8416)² · 100 / 25 / 0.955 ≈ 66
    double[] a = {90, 100, 110};
    double[] b = {95, 105, 115};
    assertThat(ReleaseDiff.runsNeeded(a, b, 5, 0.05)).isEqualTo(66);
  }

  @Test
  void directionDecidesRegressionOrImprovement() {
    ReleaseDiff faster = diff(1, 30, -0.08, 0.02, Direction.LOWER_IS_BETTER);
    assertThat(faster.verdict()).isEqualTo(Verdict.IMPROVEMENT);
    ReleaseDiff lessThroughput = diff(1, 30, -0.08, 0.02, Direction.HIGHER_IS_BETTER);
    assertThat(lessThroughput.verdict()).isEqualTo(Verdict.REGRESSION);
    ReleaseDiff moreThroughput = diff(1, 30, 0.08, 0.02, Direction.HIGHER_IS_BETTER);
    assertThat(moreThroughput.verdict()).isEqualTo(Verdict.IMPROVEMENT);
  }

  @Test
  void mediansP95AndDeltaByHand() {
    double[] a = {10, 11, 12, 13, 14};
    double[] b = {11, 12, 13, 14, 15};
    ReleaseDiff d = ReleaseDiff.compare(a, b, 0.05, 0.05, Direction.LOWER_IS_BETTER);
    assertThat(d.baselineMedian()).isEqualTo(12);
    assertThat(d.candidateMedian()).isEqualTo(13);
    assertThat(d.baselineP95()).isCloseTo(13.8, within(1e-12));
    assertThat(d.deltaPct()).isCloseTo(100.0 / 12, within(1e-12));
    assertThat(d.shiftPct()).isCloseTo(100.0 / 12, within(1e-12));
  }

  @Test
  void mannWhitneyExactAndApproximate() {
    // completely separated 3 vs 3: exact two-sided p = 2/20
    assertThat(MannWhitney.pValue(new double[] {1, 2, 3}, new double[] {4, 5, 6}))
        .isCloseTo(0.1, within(1e-12));
    assertThat(MannWhitney.u(new double[] {1, 2, 3}, new double[] {4, 5, 6})).isZero();
    assertThat(MannWhitney.u(new double[] {4, 5, 6}, new double[] {1, 2, 3})).isEqualTo(9);
    // R: wilcox.test(c(1,2,3,4,5), c(6,7,8,9,10)) → p = 0.007937
    assertThat(MannWhitney.pValue(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}))
        .isCloseTo(0.007937, within(1e-6));
    // ties → normal approximation with tie and continuity correction, by hand:
    // ranks 1, 3, 3, 5.5 → R1 = 12.5, U = 2.5, μ = 8, σ² = 16/12 · (9 − 30/56) = 11.2857,
    // z = (5.5 − 0.5)/3.3594 = 1.4884, p = 2(1 − Φ(z)) = 0.13666
    assertThat(MannWhitney.pValue(new double[] {1, 2, 2, 3}, new double[] {2, 3, 4, 5}))
        .isCloseTo(0.13666, within(1e-5));
    assertThat(MannWhitney.midranks(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
  }

  @Test
  void hodgesLehmannIntervalFromExactDistribution() {
    double[] a = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] b = {3, 4, 5, 6, 7, 8, 9, 10};
    HodgesLehmann hl = HodgesLehmann.estimate(a, b, 0.95);
    assertThat(hl.shift()).isEqualTo(2);
    // n = m = 8: P(U ≤ 13) = 0.0249 ≤ 0.025 < P(U ≤ 14) → C = 14
    assertThat(HodgesLehmann.criticalRank(8, 8, 0.025)).isEqualTo(14L);
    assertThat(hl.low()).isLessThan(2);
    assertThat(hl.high()).isGreaterThan(2);
    assertThat(HodgesLehmann.estimate(new double[] {1, 2, 3}, new double[] {4, 5, 6}, 0.95).low())
        .isNaN();
  }

  @Test
  void largeSamplesUseTheImplicitDifferencesAndAgreeWithMaterialised() {
    Random r = new Random(8);
    double[] a = runs(r, 1500, 100, 0.02);
    double[] b = runs(r, 1500, 103, 0.02);
    HodgesLehmann big = HodgesLehmann.estimate(a, b, 0.95);
    double[] sa = a.clone();
    double[] sb = b.clone();
    java.util.Arrays.sort(sa);
    java.util.Arrays.sort(sb);
    double[] d = new double[sa.length * sb.length];
    int k = 0;
    for (double x : sa) {
      for (double y : sb) {
        d[k++] = y - x;
      }
    }
    java.util.Arrays.sort(d);
    assertThat(big.shift()).isCloseTo((d[d.length / 2 - 1] + d[d.length / 2]) / 2, within(1e-9));
    long c = HodgesLehmann.criticalRank(1500, 1500, 0.025);
    assertThat(big.low()).isCloseTo(d[(int) c - 1], within(1e-9));
    assertThat(big.high()).isCloseTo(d[d.length - (int) c], within(1e-9));
    assertThat(HodgesLehmann.kth(sa, sb, 1)).isCloseTo(d[0], within(1e-9));
  }
}
