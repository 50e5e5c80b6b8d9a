package dev.tidemark.server.storage.block;

/**
 * One series' points packed as Gorilla does (Pelkonen et al., VLDB 2015): a 32-bit count, the first
 * time (64 bits) and value (64 raw IEEE bits), then per point the delta-of-delta of its time in a
 * variable-width bucket and the XOR of its value with the previous one, sharing the previous XOR's
 * window of meaningful bits where it fits. Times are epoch milliseconds, so the buckets are 14, 17
 * and 20 bits wide (a scrape interval of seconds jitters by milliseconds); values keep their exact
 * bits, NaN payloads included. Points must be in strictly ascending time order.
 */
public final class BlockCodec {
  private BlockCodec() {}

  /** Encodes {@code count} points starting at {@code offset} of the two columns. */
  public static byte[] encode(long[] times, double[] values, int offset, int count) {
    return BlockAppender.of(times, values, offset, count).toByteArray();
  }

  /** How many points a block holds. */
  public static int count(byte[] block) {
    return (int) new BitInput(block).read(32);
  }

  /**
   * Decodes a block into the columns from {@code offset} on (they must have room for {@link
   * #count}); returns the number of points.
   */
  public static int decode(byte[] block, long[] times, double[] values, int offset) {
    BitInput in = new BitInput(block);
    int count = (int) in.read(32);
    if (count < 0 || times.length - offset < count || values.length - offset < count) {
      throw new IllegalArgumentException(
          "cannot decode block: no room for its points [count="
              + count
              + ", room="
              + Math.min(times.length, values.length)
              + ", offset="
              + offset
              + "]");
    }
    if (count == 0) {
      return 0;
    }
    long time = in.read(64);
    long bits = in.read(64);
    times[offset] = time;
    values[offset] = Double.longBitsToDouble(bits);
    long delta = 0;
    int leading = 0;
    int trailing = 0;
    for (int i = 1; i < count; i++) {
      delta += readDod(in);
      time += delta;
      times[offset + i] = time;
      if (in.bit()) {
        if (in.bit()) {
          leading = (int) in.read(5);
          int meaningful = (int) in.read(6);
          if (meaningful == 0) {
            meaningful = 64;
          }
          trailing = 64 - leading - meaningful;
        }
        int meaningful = 64 - leading - trailing;
        bits ^= in.read(meaningful) << trailing;
      }
      values[offset + i] = Double.longBitsToDouble(bits);
    }
    return count;
  }

  private static long readDod(BitInput in) {
    if (!in.bit()) {
      return 0;
    }
    if (!in.bit()) {
      return signed(in.read(14), 14);
    }
    if (!in.bit()) {
      return signed(in.read(17), 17);
    }
    if (!in.bit()) {
      return signed(in.read(20), 20);
    }
    return in.read(64);
  }

  private static long signed(long v, int bits) {
    return (v << (64 - bits)) >> (64 - bits);
  }
}
