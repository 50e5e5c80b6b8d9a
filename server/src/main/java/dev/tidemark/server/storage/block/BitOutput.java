package dev.tidemark.server.storage.block;

import java.util.Arrays;

/** Bits appended most significant first into a growing byte array. */
final class BitOutput {
  private byte[] bytes;
  private long bits;

  BitOutput(int initialBytes) {
    bytes = new byte[Math.max(16, initialBytes)];
  }

  /** Appends the lowest {@code n} bits of {@code value} (0 ≤ n ≤ 64), highest first. */
  void write(long value, int n) {
    if (n == 0) {
      return;
    }
    ensure(bits + n);
    int left = n;
    while (left > 0) {
      int at = (int) (bits >>> 3);
      int free = 8 - (int) (bits & 7);
      int take = Math.min(free, left);
      int chunk = (int) ((value >>> (left - take)) & ((1 << take) - 1));
      bytes[at] |= (byte) (chunk << (free - take));
      bits += take;
      left -= take;
    }
  }

  void bit(boolean one) {
    ensure(bits + 1);
    if (one) {
      bytes[(int) (bits >>> 3)] |= (byte) (0x80 >>> (bits & 7));
    }
    bits++;
  }

  private void ensure(long needBits) {
    long needBytes = (needBits + 7) >>> 3;
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
