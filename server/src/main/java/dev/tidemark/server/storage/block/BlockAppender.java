package dev.tidemark.server.storage.block;

/**
 * A block written point by point, in {@link BlockCodec}'s format: after every append its bytes are
 * a block of the points so far. The head keeps each series' newest points in one, so they cost
 * bytes a point as the sealed chunks do instead of sixteen. Points must come in strictly ascending
 * time order. Not thread-safe.
 */
public final class BlockAppender {
  private final BitOutput out;
  private int count;
  private long first;
  private long last;
  private long prevDelta;
  private long prevBits;
  private int prevLeading = -1;
  private int prevTrailing;

  /** An empty block, its buffer sized for about {@code expectedPoints}. */
  public BlockAppender(int expectedPoints) {
    out = new BitOutput(expectedPoints * 2 + 24);
    out.write(0, 32); // the count, set when the bytes are asked for
  }

  /** A block of {@code count} points of the two columns from {@code offset} on. */
  public static BlockAppender of(long[] times, double[] values, int offset, int count) {
    BlockAppender a = new BlockAppender(count);
    for (int i = offset; i < offset + count; i++) {
      a.append(times[i], values[i]);
    }
    return a;
  }

  /** Appends a point; its time must be after the last one's. */
  public void append(long time, double value) {
    long bits = Double.doubleToRawLongBits(value);
    if (count == 0) {
      out.write(time, 64);
      out.write(bits, 64);
      first = time;
    } else {
      long delta = time - last;
      if (delta <= 0) {
        throw new IllegalArgumentException(
            "cannot encode block: times not strictly ascending [at="
                + count
                + ", time="
                + time
                + ", previous="
                + last
                + "]");
      }
      writeDod(delta - prevDelta);
      prevDelta = delta;
      appendValue(bits ^ prevBits);
    }
    prevBits = bits;
    last = time;
    count++;
  }

  private void appendValue(long xor) {
    if (xor == 0) {
      out.bit(false);
      return;
    }
    out.bit(true);
    int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
    int trailing = Long.numberOfTrailingZeros(xor);
    if (prevLeading >= 0 && leading >= prevLeading && trailing >= prevTrailing) {
      out.bit(false);
      out.write(xor >>> prevTrailing, 64 - prevLeading - prevTrailing);
    } else {
      out.bit(true);
      int meaningful = 64 - leading - trailing;
      out.write(leading, 5);
      out.write(meaningful & 63, 6); // 64 meaningful bits are written as 0
      out.write(xor >>> trailing, meaningful);
      prevLeading = leading;
      prevTrailing = trailing;
    }
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      out.bit(false);
    } else if (fits(dod, 14)) {
      out.write(0b10, 2);
      out.write(dod, 14);
    } else if (fits(dod, 17)) {
      out.write(0b110, 3);
      out.write(dod, 17);
    } else if (fits(dod, 20)) {
      out.write(0b1110, 4);
      out.write(dod, 20);
    } else {
      out.write(0b1111, 4);
      out.write(dod, 64);
    }
  }

  private static boolean fits(long v, int bits) {
    long half = 1L << (bits - 1);
    return v >= -half && v < half;
  }

  public int count() {
    return count;
  }

  /** The first point's time; meaningless while empty. */
  public long first() {
    return first;
  }

  /** The last point's time; meaningless while empty. */
  public long last() {
    return last;
  }

  /** The last point's value; meaningless while empty. */
  public double lastValue() {
    return Double.longBitsToDouble(prevBits);
  }

  /**
   * The block so far, in the buffer itself (zeros after its bits): valid until the next append, for
   * decoding at once.
   */
  public byte[] bytes() {
    out.patchFirstInt(count);
    return out.buffer();
  }

  /** The block so far, in an array of its own exact length. */
  public byte[] toByteArray() {
    out.patchFirstInt(count);
    return out.toByteArray();
  }

  /** Its points as columns. */
  public Columns decode() {
    Columns c = new Columns(count);
    c.addBlock(bytes(), Long.MIN_VALUE, Long.MAX_VALUE);
    return c;
  }

  /** Bytes its buffer takes. */
  public int capacity() {
    return out.buffer().length;
  }
}
