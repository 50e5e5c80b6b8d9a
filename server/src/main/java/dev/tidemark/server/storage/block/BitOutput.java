package dev.tidemark.server.storage.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Bits appended most significant first into a growing byte array. */
final class BitOutput {
  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] bytes;
  private long bits;

  BitOutput(int initialBytes) {
    bytes = new byte[Math.max(16, initialBytes)];
  }

  /**
   * Appends the lowest {@code n} bits of {@code value} (0 ≤ n ≤ 64), highest first: ORed into the
   * buffer as one big-endian eight-byte word from the byte the position is in (the bits past the
   * position are zeros), and the few that do not fit into the byte after it.
   */
  void write(long value, int n) {
    if (n == 0) {
      return;
    }
    int at = (int) (bits >>> 3);
    int shift = (int) (bits & 7);
    ensure(at + 9L);
    long top = n == 64 ? value : value << (64 - n); // the n bits at the top of the word
    WORD.set(bytes, at, (long) WORD.get(bytes, at) | (top >>> shift));
    if (shift + n > 64) {
      bytes[at + 8] |= (byte) ((top << (64 - shift)) >>> 56);
    }
    bits += n;
  }

  void bit(boolean one) {
    ensure((bits >>> 3) + 1);
    if (one) {
      bytes[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
    }
    bits++;
  }

  private void ensure(long needBytes) {
    if (needBytes > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.max(needBytes, bytes.length * 2L));
    }
  }

  /** Sets the first 32 bits to {@code value} (they were written as zeros). */
  void patchFirstInt(int value) {
    bytes[0] = (byte) (value >>> 24);
    bytes[1] = (byte) (value >>> 16);
    bytes[2] = (byte) (value >>> 8);
    bytes[3] = (byte) value;
  }

  /** The buffer itself: the bits written so far, then zeros. */
  byte[] buffer() {
    return bytes;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, (int) ((bits + 7) >>> 3));
  }
}
