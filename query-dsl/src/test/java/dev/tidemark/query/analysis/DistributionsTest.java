package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionsTest {

  @Test
  void normalCdfMatchesTables() {
    assertThat(Distributions.normalCdf(0)).isCloseTo(0.5, within(1e-15));
    assertThat(Distributions.normalCdf(1.959963984540054)).isCloseTo(0.975, within(1e-12));
    assertThat(Distributions.normalCdf(-1)).isCloseTo(0.15865525393145707, within(1e-12));
    assertThat(Distributions.normalUpperTail(8)).isCloseTo(6.220960574271785e-16, within(1e-25));
    assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-9));
    assertThat(Distributions.normalQuantile(0.8)).isCloseTo(0.8416212335729143, within(1e-9));
  }

  @Test
  void logGammaMatchesFactorials() {
    assertThat(Distributions.logGamma(1)).isCloseTo(0, within(1e-13));
    assertThat(Distributions.logGamma(10)).isCloseTo(Math.log(362880), within(1e-11));
    assertThat(Distributions.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-13));
  }

  @Test
  void studentTMatchesTables() {
    assertThat(Distributions.studentQuantile(0.975, 10)).isCloseTo(2.228138851986, within(1e-7));
    assertThat(Distributions.studentQuantile(0.975, 1)).isCloseTo(12.7062047361747, within(1e-6));
    assertThat(Distributions.studentQuantile(0.995, 30)).isCloseTo(2.749995653567, within(1e-7));
    assertThat(Distributions.studentCdf(1, 1)).isCloseTo(0.75, within(1e-12));
    assertThat(Distributions.studentTwoSided(2.228138851986, 10)).isCloseTo(0.05, within(1e-9));
    assertThat(Distributions.studentTwoSided(0, 5)).isCloseTo(1, within(1e-12));
    // large t stays accurate in the tail instead of rounding to 0
    assertThat(Distributions.studentTwoSided(40, 100)).isGreaterThan(0).isLessThan(1e-60);
  }

  @Test
  void incompleteBetaSymmetry() {
    for (double x : new double[] {0.1, 0.3, 0.5, 0.9}) {
      assertThat(
              Distributions.incompleteBeta(2.5, 4, x) + Distributions.incompleteBeta(4, 2.5, 1 - x))
          .isCloseTo(1, within(1e-12));
    }
    assertThat(Distributions.incompleteBeta(1, 1, 0.3)).isCloseTo(0.3, within(1e-14));
  }
}
