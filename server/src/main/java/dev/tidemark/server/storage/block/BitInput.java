package dev.tidemark.server.storage.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the bits {@link BitOutput} wrote, most significant first. A read of up to 64 bits loads the
 * eight bytes it starts in as one big-endian word (and, when it straddles, one byte more) instead
 * of walking byte by byte.
 */
final class BitInput {
  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] bytes;
  private final long size;
  private long bits;

  BitInput(byte[] bytes) {
    this.bytes = bytes;
    this.size = (long) bytes.length * 8;
  }

  /** The next {@code n} bits (0 ≤ n ≤ 64) as an unsigned number. */
  long read(int n) {
    if (bits + n > size) {
      throw new IllegalArgumentException(
          "cannot decode block: truncated [bytes=" + bytes.length + ", bit=" + bits + "]");
    }
    if (n == 0) {
      return 0;
    }
    int at = (int) (bits >>> 3);
    int shift = (int) (bits & 7);
    bits += n;
    long word = word(at);
    if (shift + n <= 64) {
      return (word << shift) >>> (64 - n);
    }
    int rest = shift + n - 64; // 1..7 bits from the ninth byte
    long high = word & (-1L >>> shift);
    return (high << rest) | ((bytes[at + 8] & 0xff) >>> (8 - rest));
  }

  boolean bit() {
    if (bits >= size) {
      throw new IllegalArgumentException(
          "cannot decode block: truncated [bytes=" + bytes.length + ", bit=" + bits + "]");
    }
    int b = bytes[(int) (bits >>> 3)] >>> (7 - (int) (bits & 7));
    bits++;
    return (b & 1) != 0;
  }

  /** Eight bytes from {@code at} as a big-endian word, zeros past the end. */
  private long word(int at) {
    if (at + 8 <= bytes.length) {
      return (long) WORD.get(bytes, at);
    }
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | (at + i < bytes.length ? bytes[at + i] & 0xff : 0);
    }
    return w;
  }
}
