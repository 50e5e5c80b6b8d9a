package dev.tidemark.traces.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes the protobuf wire format; a nested message is written into its own output first. */
final class ProtoOutput {
  private byte[] buf = new byte[256];
  private int pos;

  ProtoOutput varint(int field, long v) {
    tag(field, 0);
    raw(v);
    return this;
  }

  ProtoOutput fixed64(int field, long v) {
    tag(field, 1);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  ProtoOutput float64(int field, double v) {
    return fixed64(field, Double.doubleToRawLongBits(v));
  }

  ProtoOutput bytes(int field, byte[] b) {
    tag(field, 2);
    raw(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
    return this;
  }

  ProtoOutput string(int field, String s) {
    return bytes(field, s.getBytes(StandardCharsets.UTF_8));
  }

  ProtoOutput message(int field, ProtoOutput m) {
    return bytes(field, m.toByteArray());
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  private void tag(int field, int wireType) {
    raw((long) field << 3 | wireType);
  }

  private void raw(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }
}
