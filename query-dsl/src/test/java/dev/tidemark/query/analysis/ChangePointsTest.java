package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChangePointsTest {

  private static long[] times(int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = 1_700_000_000_000L + i * 60_000L;
    }
    return t;
  }

  /** Shifts of 15% each way: five standard deviations at the highest noise level. */
  @ParameterizedTest(name = "noise {0}%")
  @ValueSource(doubles = {0.5, 1, 2, 3})
  void findsInjectedLevelShiftsWithinTwoPoints(double noisePct) {
    for (int seed = 0; seed < 20; seed++) {
      Random r = new Random(seed);
      int n = 300;
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double level = i < 100 ? 100 : i < 220 ? 115 : 100;
        y[i] = level + r.nextGaussian() * noisePct;
      }
      List<ChangePoint> cps =
          ChangePoints.detect(times(n), y, new ChangePoints.Options(0.001, 0.0, 5));
      assertThat(cps).as("seed %d", seed).hasSize(2);
      assertThat(cps.get(0).index()).isBetween(98, 102);
      assertThat(cps.get(1).index()).isBetween(218, 222);
      assertThat(cps.get(0).magnitudePct()).isCloseTo(15, within(1.5));
      assertThat(cps.get(0).before()).isCloseTo(100, within(1.0));
      assertThat(cps.get(1).after()).isCloseTo(100, within(1.0));
      assertThat(cps.get(0).pValue()).isLessThan(0.001);
      assertThat(cps.get(0).time()).isEqualTo(times(n)[cps.get(0).index()]);
    }
  }

  @ParameterizedTest(name = "p ≤ {0}")
  @ValueSource(doubles = {0.01, 0.05})
  void falsePositiveRateOnStationaryNoiseIsAtMostTheConfiguredRate(double p) {
    int seeds = 400;
    int withFalseAlarm = 0;
    for (int seed = 0; seed < seeds; seed++) {
      Random r = new Random(1000 + seed);
      double[] y = new double[200];
      for (int i = 0; i < y.length; i++) {
        y[i] = 50 + r.nextGaussian() * 2;
      }
      if (!ChangePoints.detect(times(200), y, new ChangePoints.Options(p, 0, 5)).isEmpty()) {
        withFalseAlarm++;
      }
    }
    assertThat((double) withFalseAlarm / seeds).isLessThanOrEqualTo(p);
  }

  @Test
  void minimumMagnitudeSuppressesSmallRealShifts() {
    Random r = new Random(9);
    double[] y = new double[200];
    for (int i = 0; i < 200; i++) {
      y[i] = (i < 100 ? 100 : 101) + r.nextGaussian() * 0.1;
    }
    assertThat(ChangePoints.detect(times(200), y, new ChangePoints.Options(0.001, 0, 5)))
        .extracting(ChangePoint::index)
        .containsExactly(100);
    assertThat(ChangePoints.detect(times(200), y, new ChangePoints.Options(0.001, 0.02, 5)))
        .isEmpty();
  }

  /**
   * Nested shifts under a whole-series split that is itself small: {@code np.repeat([100, 105, 98,
   * 103], 250) + N(0, 2)} from numpy's {@code default_rng(1)} (the file holds the values). The
   * expected indices are Apache Otava's {@code compute_change_points(series, window_len=50,
   * max_pvalue=0.001, min_magnitude=m)} at commit 1ceb153 (numpy 2.4.6, scipy 1.17.1): m=0.05 →
   * 250, 500, 750 (magnitudes 0.0526, 0.0742, 0.0524); m=0.06 → none (once 250 and 750 are gone,
   * 500 splits 102.4 from 100.4, 2%). At m=0.0525 Otava answers 250, 500: after dropping 750 its
   * merge step re-tests the two points after the dropped one instead of its two neighbours, so 500
   * keeps its stale 7.4%; with the neighbours re-tested (Otava patched, and here) 500 splits 105.1
   * from 100.4 (4.7%) and the answer is none.
   */
  @ParameterizedTest(name = "min magnitude {0}")
  @ValueSource(strings = {"0.05:250,500,750", "0.0525:", "0.06:", "0:250,500,750"})
  void nestedShiftsAreFoundUnderASmallWholeSeriesSplitAsOtavaFindsThem(String c)
      throws java.io.IOException {
    double minMagnitude = Double.parseDouble(c.substring(0, c.indexOf(':')));
    String want = c.substring(c.indexOf(':') + 1);
    double[] y;
    try (java.io.InputStream in =
        ChangePointsTest.class.getResourceAsStream("/analysis/nested-shifts.txt")) {
      y =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.startsWith("#"))
              .mapToDouble(Double::parseDouble)
              .toArray();
    }
    assertThat(y).hasSize(1000);
    List<ChangePoint> cps =
        ChangePoints.detect(times(1000), y, new ChangePoints.Options(0.001, minMagnitude, 5));
    assertThat(cps)
        .extracting(ChangePoint::index)
        .containsExactlyElementsOf(
            want.isEmpty()
                ? List.of()
                : java.util.Arrays.stream(want.split(",")).map(Integer::valueOf).toList());
  }

  @Test
  void tenThousandPointsWithSeveralShifts() {
    Random r = new Random(1);
    int n = 10_000;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = 100 + (i >= 2500 ? 5 : 0) + (i >= 6000 ? -8 : 0) + r.nextGaussian() * 2;
    }
    List<ChangePoint> cps = ChangePoints.detect(times(n), y, ChangePoints.Options.defaults());
    assertThat(cps).extracting(ChangePoint::index).hasSize(2);
    assertThat(cps.get(0).index()).isBetween(2498, 2502);
    assertThat(cps.get(1).index()).isBetween(5998, 6002);
  }

  @Test
  void energySplitMatchesTheQuadraticDefinition() {
    Random r = new Random(5);
    double[] x = new double[40];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i < 17 ? 0 : 1.5) + r.nextGaussian();
    }
    int best = -1;
    double bestQ = Double.NEGATIVE_INFINITY;
    for (int tau = 3; tau <= 37; tau++) {
      double cross = 0;
      double wx = 0;
      double wy = 0;
      for (int i = 0; i < 40; i++) {
        for (int j = i + 1; j < 40; j++) {
          double d = Math.abs(x[i] - x[j]);
          if (j < tau) {
            wx += d;
          } else if (i >= tau) {
            wy += d;
          } else {
            cross += d;
          }
        }
      }
      int m = tau;
      int n = 40 - tau;
      double q =
          (double) m
              * n
              / (m + n)
              * (2 * cross / (m * n) - wx / (m * (m - 1) / 2.0) - wy / (n * (n - 1) / 2.0));
      if (q > bestQ) {
        bestQ = q;
        best = tau;
      }
    }
    assertThat(EnergySplit.best(x, 0, 40, 3)).isEqualTo(best);
  }

  @Test
  void degenerateInputs() {
    assertThat(ChangePoints.detect(new long[0], new double[0], ChangePoints.Options.defaults()))
        .isEmpty();
    assertThat(
            ChangePoints.detect(times(3), new double[] {1, 2, 3}, ChangePoints.Options.defaults()))
        .isEmpty();
    double[] flat = new double[50];
    assertThat(ChangePoints.detect(times(50), flat, ChangePoints.Options.defaults())).isEmpty();
    double[] step = new double[50];
    for (int i = 25; i < 50; i++) {
      step[i] = 1;
    }
    assertThat(ChangePoints.detect(times(50), step, ChangePoints.Options.defaults()))
        .extracting(ChangePoint::index)
        .containsExactly(25);
  }
}
