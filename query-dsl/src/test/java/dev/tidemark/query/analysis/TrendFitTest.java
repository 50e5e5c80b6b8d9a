package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendFitTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void exactLineHasExactSlopeAndZeroWidthInterval() {
    long[] t = new long[48];
    double[] y = new double[48];
    for (int i = 0; i < 48; i++) {
      t[i] = 1_700_000_000_000L + i * HOUR;
      y[i] = 100 + 2.0 * i / 24; // +2 per day
    }
    TrendFit f = TrendFit.fit(t, y, 0.95, new long[] {t[47] + HOUR});
    assertThat(f.slopePerDay()).isCloseTo(2, within(1e-9));
    assertThat(f.slopeHigh() - f.slopeLow()).isCloseTo(0, within(1e-9));
    assertThat(f.intercept()).isCloseTo(100, within(1e-9));
    assertThat(f.r2()).isCloseTo(1, within(1e-12));
    assertThat(f.forecast().get(0).value()).isCloseTo(100 + 2.0 * 48 / 24, within(1e-9));
    double mean = 100 + 2.0 * 23.5 / 24;
    assertThat(f.pctPerDay()).isCloseTo(2 / mean * 100, within(1e-9));
  }

  @Test
  void noisyLineCoversTheTrueSlopeAndPredictionIntervalWidens() {
    Random r = new Random(3);
    int covered = 0;
    for (int seed = 0; seed < 200; seed++) {
      long[] t = new long[60];
      double[] y = new double[60];
      for (int i = 0; i < 60; i++) {
        t[i] = i * 86_400_000L;
        y[i] = 50 - 0.5 * i + r.nextGaussian() * 3;
      }
      TrendFit f = TrendFit.fit(t, y, 0.95, new long[] {60 * 86_400_000L, 120 * 86_400_000L});
      if (f.slopeLow() <= -0.5 && -0.5 <= f.slopeHigh()) {
        covered++;
      }
      TrendFit.Forecast near = f.forecast().get(0);
      TrendFit.Forecast far = f.forecast().get(1);
      assertThat(far.high() - far.low()).isGreaterThan(near.high() - near.low());
      assertThat(near.high() - near.low()).isGreaterThan(2 * 1.96 * f.residualSd());
    }
    // nominal 95%: 190 of 200 expected; binomial 99.9% lower bound is about 181
    assertThat(covered).isBetween(178, 200);
  }

  @Test
  void significanceOfASlope() {
    Random r = new Random(5);
    long[] t = new long[30];
    double[] flat = new double[30];
    for (int i = 0; i < 30; i++) {
      t[i] = i * HOUR;
      flat[i] = 10 + r.nextGaussian();
    }
    assertThat(TrendFit.fit(t, flat, 0.95, new long[0]).pValue()).isGreaterThan(0.01);
    assertThatThrownBy(
            () -> TrendFit.fit(new long[] {1, 2}, new double[] {1, 2}, 0.95, new long[0]))
        .hasMessageStartingWith("cannot fit trend:");
  }

  @Test
  void perReleaseTrend() {
    ReleaseTrend t =
        ReleaseTrend.fit(
            java.util.List.of("v1", "v2", "v3", "v4"), new double[] {100, 102, 104, 106}, 0.95);
    assertThat(t.slopePerRelease()).isCloseTo(2, within(1e-9));
    assertThat(t.pctPerRelease()).isCloseTo(2 / 103.0 * 100, within(1e-9));
  }
}
