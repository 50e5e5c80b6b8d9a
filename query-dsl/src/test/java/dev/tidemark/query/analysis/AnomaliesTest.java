package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomaliesTest {

  private static long[] times(int n, long step) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * step;
    }
    return t;
  }

  private static List<Integer> flagged(List<AnomalyScore> s) {
    return java.util.stream.IntStream.range(0, s.size())
        .filter(i -> s.get(i).anomaly())
        .boxed()
        .toList();
  }

  @Test
  void robustZFindsSpikesAndIsNotFooledByThem() {
    Random r = new Random(11);
    double[] y = new double[200];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + r.nextGaussian();
    }
    y[50] = 130;
    y[120] = 60;
    List<AnomalyScore> s = Anomalies.robustZ(times(200, 1000), y, 3.5);
    assertThat(flagged(s)).containsExactly(50, 120);
    assertThat(s.get(50).score()).isGreaterThan(20);
    assertThat(s.get(120).score()).isLessThan(-20);
  }

  @Test
  void robustZByHand() {
    double[] y = {1, 2, 3, 4, 100};
    // median 3, |dev| = 2 1 0 1 97 → MAD 1; score = 0.6745 (x − 3) / 1
    List<AnomalyScore> s = Anomalies.robustZ(times(5, 1), y, 3.5);
    assertThat(s.get(4).score()).isCloseTo(0.6745 * 97, within(1e-9));
    assertThat(s.get(0).score()).isCloseTo(-0.6745 * 2, within(1e-9));
    assertThat(flagged(s)).containsExactly(4);
  }

  @Test
  void madOfZeroFallsBackToMeanAbsoluteDeviation() {
    double[] y = {5, 5, 5, 5, 5, 5, 9};
    List<AnomalyScore> s = Anomalies.robustZ(times(7, 1), y, 3.5);
    double meanAd = 4.0 / 7;
    assertThat(s.get(6).score()).isCloseTo(4 / (1.253314 * meanAd), within(1e-9));
    double[] flat = {5, 5, 5};
    assertThat(flagged(Anomalies.robustZ(times(3, 1), flat, 3.5))).isEmpty();
  }

  @Test
  void ewmaFlagsASpikeButFollowsATrend() {
    double[] y = new double[100];
    Random r = new Random(2);
    for (int i = 0; i < y.length; i++) {
      y[i] = 10 + 0.05 * i + r.nextGaussian() * 0.2;
    }
    y[70] += 5;
    List<AnomalyScore> s = Anomalies.ewma(times(100, 60_000), y, 0.3, 4);
    assertThat(flagged(s)).containsExactly(70);
    assertThat(s.get(0).anomaly()).isFalse();
    assertThat(s.get(70).low()).isLessThan(y[69] + 1);
  }

  /**
   * On white noise a 3σ band flags 2·Φ(−3) = 0.0026998 of the points (scipy 1.17.1: {@code 2 *
   * norm.sf(3)}). The estimated σ adds a little (numpy's default_rng, seeds 0–39 × 5,000 points,
   * the same algorithm in Python: 0.32%); before the variance covered ~5 points, this was 4.1%.
   */
  @Test
  void ewmaFalsePositiveRateOnWhiteNoiseIsNearNominal() {
    double nominal = 0.0026997960632601866;
    long flagged = 0;
    long scored = 0;
    for (int seed = 0; seed < 40; seed++) {
      Random r = new Random(seed);
      double[] y = new double[5000];
      for (int i = 0; i < y.length; i++) {
        y[i] = 50 + r.nextGaussian() * 3;
      }
      List<AnomalyScore> s = Anomalies.ewma(times(y.length, 1000), y, 0.3, 3);
      flagged += flagged(s).size();
      scored += y.length - Anomalies.EWMA_WARMUP;
    }
    double rate = (double) flagged / scored;
    assertThat(rate).isBetween(nominal * 0.7, nominal * 1.5);
  }

  @Test
  void ewmaSpikeDoesNotMaskTheNextOne() {
    Random r = new Random(11);
    double[] y = new double[400];
    for (int i = 0; i < y.length; i++) {
      y[i] = 100 + r.nextGaussian();
    }
    y[300] += 12;
    y[302] += 8;
    y[303] -= 7;
    List<AnomalyScore> s = Anomalies.ewma(times(y.length, 1000), y, 0.3, 3);
    assertThat(flagged(s)).contains(300, 302, 303);
    assertThat(s.get(302).high()).isLessThan(100 + 6);
  }

  @Test
  void ewmaFollowsALevelShift() {
    Random r = new Random(12);
    double[] y = new double[600];
    for (int i = 0; i < y.length; i++) {
      y[i] = (i < 300 ? 100 : 120) + r.nextGaussian();
    }
    List<AnomalyScore> s = Anomalies.ewma(times(y.length, 1000), y, 0.3, 3);
    assertThat(flagged(s)).contains(300).allMatch(i -> i < 330);
  }

  @Test
  void seasonalComparesWithTheSamePhaseOfPreviousSeasons() {
    long hour = 3_600_000L;
    int n = 24 * 7;
    double[] y = new double[n];
    Random r = new Random(4);
    for (int i = 0; i < n; i++) {
      y[i] = 100 + 50 * Math.sin(2 * Math.PI * (i % 24) / 24) + r.nextGaussian();
    }
    // at the daily trough, 80 is normal for noon but absurd for 18:00
    int odd = 24 * 5 + 18;
    y[odd] = 80;
    List<AnomalyScore> seasonal = Anomalies.seasonal(times(n, hour), y, 24 * hour, 3.5);
    assertThat(flagged(seasonal)).containsExactly(odd);
    assertThat(seasonal.get(0).score()).isNaN();
    // without the season the daily swing hides it
    assertThat(flagged(Anomalies.robustZ(times(n, hour), y, 3.5))).doesNotContain(odd);
  }
}
