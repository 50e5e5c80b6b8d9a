package dev.tidemark.protocol.compact;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the format's varints and strings. */
final class Bytes {
  private byte[] buf;
  private int len;

  Bytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void reset() {
    len = 0;
  }

  int length() {
    return len;
  }

  byte[] array() {
    return buf;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  void byte1(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  void int4(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  void long8(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[len++] = (byte) (v >>> s);
    }
  }

  void uvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  void svarint(long v) {
    uvarint((v << 1) ^ (v >> 63));
  }

  void string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    uvarint(b.length);
    bytes(b);
  }

  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }
}
