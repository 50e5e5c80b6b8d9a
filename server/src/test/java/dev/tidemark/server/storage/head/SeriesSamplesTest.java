package dev.tidemark.server.storage.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidemark.server.storage.block.Columns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One series' head points against a sorted map that keeps the first value of each time: in order,
 * out of order, repeated, across sealed chunks, and after dropping.
 */
class SeriesSamplesTest {
  @Test
  void holdsWhatASortedMapOfFirstValuesHolds() {
    compareWithModel(50, 1_500);
  }

  /** Fewer points than a chunk: all of them in the open tail, dropped from within it. */
  @Test
  void holdsWhatTheModelHoldsWithinItsOpenTail() {
    compareWithModel(1, SeriesSamples.CHUNK - 2);
  }

  private static void compareWithModel(int least, int spread) {
    for (long seed = 1; seed <= 40; seed++) {
      Random r = new Random(seed);
      SeriesSamples s = new SeriesSamples(1);
      TreeMap<Long, Double> model = new TreeMap<>();
      int n = least + r.nextInt(spread);
      long t = 1_700_000_000_000L;
      for (int i = 0; i < n; i++) {
        long time;
        int kind = r.nextInt(10);
        if (kind < 7 || model.isEmpty()) {
          t += 1 + r.nextInt(30_000);
          time = t;
        } else if (kind < 9) {
          time = t - r.nextInt(3_600_000); // late, maybe into a sealed chunk, maybe a repeat
        } else {
          time = new ArrayList<>(model.keySet()).get(r.nextInt(model.size())); // a resend
        }
        double value = r.nextInt(4) == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextInt(100);
        boolean fresh = !model.containsKey(time);
        assertThat(s.add(time, value)).isEqualTo(fresh);
        model.putIfAbsent(time, value);
      }
      assertThat(s.size()).isEqualTo(model.size());
      check(s, model, Long.MIN_VALUE, Long.MAX_VALUE);
      List<Long> keys = new ArrayList<>(model.keySet());
      for (int q = 0; q < 20; q++) {
        long a = keys.get(r.nextInt(keys.size())) + r.nextInt(3) - 1;
        long b = a + r.nextInt(7_200_000);
        check(s, model, a, b);
        assertThat(s.holds(a)).isEqualTo(model.containsKey(a));
      }
      long cutoff = keys.get(r.nextInt(keys.size()));
      long remaining = s.remainingAfter(cutoff);
      int dropped = s.dropBefore(cutoff);
      assertThat(s.size()).isEqualTo(model.size() - dropped).isEqualTo((int) remaining);
      assertThat(s.size()).isGreaterThanOrEqualTo(model.tailMap(cutoff).size());
      check(s, model, cutoff, Long.MAX_VALUE);
    }
  }

  private static void check(SeriesSamples s, TreeMap<Long, Double> model, long from, long to) {
    Columns out = new Columns(4);
    s.copy(from, to, out);
    Map<Long, Double> expected = model.subMap(from, true, to, false);
    assertThat(out.size()).isEqualTo(expected.size());
    int i = 0;
    for (Map.Entry<Long, Double> e : expected.entrySet()) {
      assertThat(out.time(i)).isEqualTo(e.getKey());
      assertThat(Double.doubleToRawLongBits(out.value(i)))
          .isEqualTo(Double.doubleToRawLongBits(e.getValue()));
      i++;
    }
  }
}
