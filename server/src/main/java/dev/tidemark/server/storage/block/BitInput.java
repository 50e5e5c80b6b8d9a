package dev.tidemark.server.storage.block;

/** Reads the bits {@link BitOutput} wrote, most significant first. */
final class BitInput {
  private final byte[] bytes;
  private long bits;

  BitInput(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The next {@code n} bits (0 ≤ n ≤ 64) as an unsigned number. */
  long read(int n) {
    if (bits + n > (long) bytes.length * 8) {
      throw new IllegalArgumentException(
          "cannot decode block: truncated [bytes=" + bytes.length + ", bit=" + bits + "]");
    }
    long out = 0;
    int left = n;
    while (left > 0) {
      int at = (int) (bits >>> 3);
      int avail = 8 - (int) (bits & 7);
      int take = Math.min(avail, left);
      int chunk = ((bytes[at] & 0xff) >>> (avail - take)) & ((1 << take) - 1);
      out = (out << take) | chunk;
      bits += take;
      left -= take;
    }
    return out;
  }

  boolean bit() {
    return read(1) != 0;
  }
}
