package dev.tidemark.query.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Points kept as columns behave as a list of points. */
class PointListTest {

  @Test
  void aSeriesOverColumnsEqualsOneOverPoints() {
    long[] times = {1_000, 2_000, 3_000, 0};
    double[] values = {1.5, Double.NaN, -2, 0};
    PointList columns = PointList.of(times, values, 3);
    times[0] = 99; // the list holds its own copy

    SeriesData data = new SeriesData(Map.of("host", "h1"), columns);
    SeriesData boxed =
        new SeriesData(
            Map.of("host", "h1"),
            List.of(new Point(1_000, 1.5), new Point(2_000, Double.NaN), new Point(3_000, -2)));

    assertThat(data).isEqualTo(boxed);
    assertThat(data.points()).isSameAs(columns);
    assertThat(columns.times()).containsExactly(1_000, 2_000, 3_000);
    assertThat(columns.values()).containsExactly(1.5, Double.NaN, -2);
  }

  @Test
  void pointsCannotBeChangedFromOutside() {
    PointList columns = PointList.of(new long[] {1}, new double[] {2}, 1);
    assertThatThrownBy(() -> columns.set(0, new Point(5, 5)))
        .isInstanceOf(UnsupportedOperationException.class);
    columns.times()[0] = 7;
    columns.values()[0] = 7;
    assertThat(columns.get(0)).isEqualTo(new Point(1, 2));
    assertThatThrownBy(() -> PointList.of(new long[] {1}, new double[] {2}, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
