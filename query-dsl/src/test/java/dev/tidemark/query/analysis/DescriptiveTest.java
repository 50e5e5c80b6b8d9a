package dev.tidemark.query.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DescriptiveTest {

  @Test
  void quantilesInterpolateLikePercentileCont() {
    double[] x = {4, 1, 3, 2};
    assertThat(Descriptive.median(x)).isEqualTo(2.5);
    assertThat(Descriptive.quantile(x, 0.95)).isCloseTo(3.85, within(1e-12));
    assertThat(Descriptive.quantile(x, 0)).isEqualTo(1);
    assertThat(Descriptive.quantile(x, 1)).isEqualTo(4);
    assertThat(Descriptive.quantile(new double[0], 0.5)).isNaN();
    assertThat(x).containsExactly(4, 1, 3, 2);
  }

  @Test
  void varianceAndMad() {
    double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
    assertThat(Descriptive.mean(x)).isEqualTo(5);
    assertThat(Descriptive.variance(x)).isCloseTo(32.0 / 7, within(1e-12));
    assertThat(Descriptive.mad(new double[] {1, 1, 2, 2, 4, 6, 9})).isEqualTo(1);
  }
}
