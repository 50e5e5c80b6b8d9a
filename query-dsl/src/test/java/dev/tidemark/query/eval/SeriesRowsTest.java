package dev.tidemark.query.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A series frame over its columns reads, compares and renders as one built from boxed rows. */
class SeriesRowsTest {
  private static final long[] TIMES = {-1_000L, 0L, 1_795_384_800_000L, 1_795_388_400_000L};
  private static final double[] VALUES = {2.0, Double.NaN, -0.125, 1e300};

  @Test
  void framesOverColumnsEqualFramesOverBoxedRowsAndRenderAlike() {
    List<List<Object>> boxed = new ArrayList<>();
    for (int i = 0; i < TIMES.length; i++) {
      boxed.add(List.of(TIMES[i], VALUES[i]));
    }
    Frame columns =
        new Frame(
            "cpu",
            Map.of("host", "h1"),
            List.of("time", "value"),
            new SeriesRows(TIMES, VALUES),
            Map.of());
    Frame rows = new Frame("cpu", Map.of("host", "h1"), List.of("time", "value"), boxed, Map.of());

    assertThat(columns).isEqualTo(rows);
    assertThat(columns.values()).containsExactlyElementsOf(boxed);
    assertThat(columns.toJson()).isEqualTo(rows.toJson());
    assertThat(FrameJson.write(List.of(columns)))
        .contains("\"values\":[[-1000,2],[0,null],[1795384800000,-0.125],[1795388400000,1.0E300]]");
  }

  @Test
  void rowsCannotBeChanged() {
    List<List<Object>> rows = new SeriesRows(TIMES, VALUES);
    assertThatThrownBy(() -> rows.set(0, List.of(1L, 1.0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> rows.get(0).set(1, 3.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
