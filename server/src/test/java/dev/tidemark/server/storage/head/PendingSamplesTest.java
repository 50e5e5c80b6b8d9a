package dev.tidemark.server.storage.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pending samples come out grouped by series and, within one, in the order they were given. */
class PendingSamplesTest {
  @Test
  void groupsBySeriesKeepingTheOrderGiven() {
    PendingSamples pending = new PendingSamples(50_000);
    Random random = new Random(7);
    long[] ids = new long[50_000];
    long[] times = new long[50_000];
    double[] values = new double[50_000];
    for (int i = 0; i < ids.length; i++) {
      // sparse ids over 40 bits (four radix passes) and a few very common ones
      ids[i] = random.nextInt(4) == 0 ? 7 : 1_000_000_000L + random.nextInt(3_000) * 333_333L;
      times[i] = i;
      values[i] = i;
    }
    pending.append(ids, times, values, 0, 20_000);
    pending.append(ids, times, values, 20_000, ids.length);
    assertThat(pending.room()).isZero();

    int[] order = pending.grouped();
    boolean[] seen = new boolean[ids.length];
    for (int k = 0; k < ids.length; k++) {
      int i = order[k];
      assertThat(seen[i]).isFalse();
      seen[i] = true;
      assertThat(pending.ids[i]).isEqualTo(ids[i]);
      assertThat(pending.times[i]).isEqualTo(times[i]);
      if (k > 0) {
        int before = order[k - 1];
        assertThat(ids[before]).isLessThanOrEqualTo(ids[i]);
        if (ids[before] == ids[i]) {
          assertThat(before).isLessThan(i); // stable: given first, first
        }
      }
    }
    pending.clear();
    assertThat(pending.size()).isZero();
    assertThat(pending.room()).isEqualTo(50_000);
  }

  @Test
  void oneSeriesNeedsNoPass() {
    PendingSamples pending = new PendingSamples(4);
    pending.append(new long[] {9, 9, 9}, new long[] {3, 1, 2}, new double[] {0, 0, 0}, 0, 3);
    assertThat(pending.grouped()).startsWith(0, 1, 2);
  }
}
