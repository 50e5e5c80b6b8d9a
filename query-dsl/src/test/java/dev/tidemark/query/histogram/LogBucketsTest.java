package dev.tidemark.query.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LogBucketsTest {

  private final LogBuckets lb = LogBuckets.standard();

  @Test
  void representativeValueIsWithinAlphaOfEveryValueInTheBucket() {
    Random r = new Random(1);
    for (int k = 0; k < 100_000; k++) {
      double v = Math.exp(r.nextDouble() * 40 - 20);
      double rep = lb.value(lb.index(v));
      assertThat(Math.abs(rep - v) / v).isLessThanOrEqualTo(LogBuckets.DEFAULT_ALPHA + 1e-12);
    }
  }

  @Test
  void indexFollowsTheDocumentedFormula() {
    double gamma = (1 + 0.005) / (1 - 0.005);
    assertThat(lb.gamma()).isCloseTo(gamma, within(1e-15));
    assertThat(lb.index(1.0)).isZero();
    assertThat(lb.index(gamma)).isEqualTo(1);
    assertThat(lb.index(gamma * 1.0001)).isEqualTo(2);
    assertThat(lb.value(0)).isCloseTo(2 / (gamma + 1), within(1e-15));
    assertThat(lb.index(0)).isEqualTo(LogBuckets.ZERO_INDEX);
    assertThat(lb.value(LogBuckets.ZERO_INDEX)).isZero();
  }

  @Test
  void rejectsNegativeAndNonFiniteValues() {
    assertThatThrownBy(() -> lb.index(-1)).hasMessageStartingWith("cannot index value:");
    assertThatThrownBy(() -> lb.index(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lb.index(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quantilesAreWithinOnePercentOfExactOnes() {
    Random r = new Random(7);
    double[] values = new double[20_001];
    TreeMap<Integer, Long> counts = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(r.nextGaussian() + 5);
      counts.merge(lb.index(values[i]), 1L, Long::sum);
    }
    Arrays.sort(values);
    for (double q : new double[] {0, 0.5, 0.9, 0.95, 0.99, 0.999, 1}) {
      double exact = values[(int) Math.round(q * (values.length - 1))];
      assertThat(lb.quantile(counts, q)).isCloseTo(exact, within(exact * 0.01));
    }
  }

  @Test
  void quantileOfMergedHistogramsEqualsQuantileOfAllValues() {
    TreeMap<Integer, Long> a = new TreeMap<>();
    TreeMap<Integer, Long> b = new TreeMap<>();
    TreeMap<Integer, Long> all = new TreeMap<>();
    for (int i = 1; i <= 100; i++) {
      (i % 2 == 0 ? a : b).merge(lb.index(i), 1L, Long::sum);
      all.merge(lb.index(i), 1L, Long::sum);
    }
    TreeMap<Integer, Long> merged = new TreeMap<>(a);
    LogBuckets.merge(merged, b);
    assertThat(merged).isEqualTo(all);
    assertThat(lb.quantile(merged, 0.5)).isCloseTo(50, within(0.5));
  }

  @Test
  void zeroBucketSortsFirstAndEmptyHistogramHasNoQuantile() {
    TreeMap<Integer, Long> counts = new TreeMap<>();
    assertThat(lb.quantile(counts, 0.5)).isNaN();
    counts.put(LogBuckets.ZERO_INDEX, 3L);
    counts.put(lb.index(10), 1L);
    assertThat(lb.quantile(counts, 0.5)).isZero();
    assertThat(lb.quantile(counts, 1)).isCloseTo(10, within(0.05));
  }
}
