package dev.tidemark.server.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockCodecTest {

  private static void roundTrips(long[] times, double[] values) {
    byte[] block = BlockCodec.encode(times, values, 0, times.length);
    assertThat(BlockCodec.count(block)).isEqualTo(times.length);
    long[] t = new long[times.length + 3];
    double[] v = new double[times.length + 3];
    assertThat(BlockCodec.decode(block, t, v, 3)).isEqualTo(times.length);
    assertThat(Arrays.copyOfRange(t, 3, t.length)).containsExactly(times);
    for (int i = 0; i < values.length; i++) {
      assertThat(Double.doubleToRawLongBits(v[i + 3]))
          .as("value %d", i)
          .isEqualTo(Double.doubleToRawLongBits(values[i]));
    }
  }

  /** Appended point by point, the bytes are a block of the points so far after every append. */
  @Test
  void anAppenderIsABlockAfterEveryPoint() {
    Random random = new Random(7);
    long[] times = new long[300];
    double[] values = new double[300];
    long t = 1_700_000_000_000L;
    BlockAppender a = new BlockAppender(4);
    for (int i = 0; i < times.length; i++) {
      t += 1 + random.nextInt(i % 3 == 0 ? 1 << 21 : 20_000);
      times[i] = t;
      values[i] = random.nextInt(3) == 0 ? Double.longBitsToDouble(random.nextLong()) : i % 7;
      a.append(times[i], values[i]);
      byte[] whole = BlockCodec.encode(times, values, 0, i + 1);
      assertThat(a.toByteArray()).isEqualTo(whole);
      assertThat(Arrays.copyOf(a.bytes(), whole.length)).isEqualTo(whole);
      Columns c = a.decode();
      assertThat(c.size()).isEqualTo(i + 1);
      assertThat(c.time(i)).isEqualTo(times[i]);
      assertThat(Double.doubleToRawLongBits(c.value(i)))
          .isEqualTo(Double.doubleToRawLongBits(values[i]));
    }
    assertThat(a.first()).isEqualTo(times[0]);
    assertThat(a.last()).isEqualTo(t);
    assertThatThrownBy(() -> a.append(times[5], 1.0))
        .hasMessageContaining("times not strictly ascending");
  }

  @Test
  void roundTripsRandomSeriesExactly() {
    Random random = new Random(42);
    for (int run = 0; run < 300; run++) {
      int n = random.nextInt(400);
      long[] times = new long[n];
      double[] values = new double[n];
      long t = random.nextLong() >> 20;
      double counter = 0;
      for (int i = 0; i < n; i++) {
        t +=
            switch (random.nextInt(5)) {
              case 0 -> 1 + random.nextInt(3);
              case 1 -> 15_000 + random.nextInt(40) - 20;
              case 2 -> 1 + random.nextInt(1 << 19);
              case 3 -> 1 + (random.nextLong() >>> 30);
              default -> 15_000;
            };
        times[i] = t;
        counter += random.nextInt(100);
        values[i] =
            switch (random.nextInt(6)) {
              case 0 -> random.nextDouble() * 1e6;
              case 1 -> counter;
              case 2 -> Math.round(random.nextGaussian() * 100) / 4.0;
              case 3 -> i > 0 ? values[i - 1] : 0;
              case 4 -> Double.longBitsToDouble(random.nextLong());
              default -> random.nextInt(10);
            };
      }
      roundTrips(times, values);
    }
  }

  @Test
  void keepsTheBitsOfSpecialValues() {
    long staleMarker = 0x7ff0000000000002L;
    roundTrips(
        new long[] {-5_000, 0, 1, 2, 3, 4, 5, 6, 7},
        new double[] {
          Double.longBitsToDouble(staleMarker),
          Double.NaN,
          -0.0,
          0.0,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          Double.MIN_VALUE,
          Double.MAX_VALUE,
          Double.longBitsToDouble(staleMarker)
        });
  }

  @Test
  void encodesEmptyAndSinglePointBlocks() {
    roundTrips(new long[0], new double[0]);
    roundTrips(new long[] {Long.MAX_VALUE}, new double[] {1.5});
  }

  @Test
  void packsARegularGaugeIntoAFewBitsPerPoint() {
    int n = 720;
    long[] times = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = 1_732_300_000_000L + 10_000L * i;
      values[i] = 40 + (i % 7);
    }
    byte[] block = BlockCodec.encode(times, values, 0, n);
    assertThat(block.length).isLessThan(n * 2);
    roundTrips(times, values);
  }

  @Test
  void refusesTimesOutOfOrderAndTruncatedBlocks() {
    assertThatThrownBy(() -> BlockCodec.encode(new long[] {5, 5}, new double[] {1, 2}, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot encode block: times not strictly ascending");
    byte[] block = BlockCodec.encode(new long[] {1, 2, 900_000}, new double[] {1, 2.5, -3e9}, 0, 3);
    for (int cut = 0; cut < block.length; cut++) {
      byte[] truncated = Arrays.copyOf(block, cut);
      assertThatThrownBy(() -> BlockCodec.decode(truncated, new long[3], new double[3], 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("cannot decode block");
    }
  }
}
