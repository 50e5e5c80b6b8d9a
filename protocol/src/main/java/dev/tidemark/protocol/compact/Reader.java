package dev.tidemark.protocol.compact;

import dev.tidemark.protocol.BatchFormatException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads the format's fields from a body, refusing truncated or malformed input by name. */
final class Reader {
  private final byte[] b;
  private int at;

  Reader(byte[] b) {
    this.b = b;
  }

  boolean done() {
    return at == b.length;
  }

  int int4(String what) throws BatchFormatException {
    need(4, what);
    int v =
        ((b[at] & 0xFF) << 24)
            | ((b[at + 1] & 0xFF) << 16)
            | ((b[at + 2] & 0xFF) << 8)
            | (b[at + 3] & 0xFF);
    at += 4;
    return v;
  }

  long long8(String what) throws BatchFormatException {
    need(8, what);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at++] & 0xFF);
    }
    return v;
  }

  int byte1(String what) throws BatchFormatException {
    need(1, what);
    return b[at++] & 0xFF;
  }

  long uvarint(String what) throws BatchFormatException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, what);
      byte x = b[at++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw bad("varint is too long", what);
  }

  long svarint(String what) throws BatchFormatException {
    long u = uvarint(what);
    return (u >>> 1) ^ -(u & 1);
  }

  /** A count or length, checked against what could possibly follow. */
  int count(String what, int minBytesEach) throws BatchFormatException {
    long n = uvarint(what);
    if (n < 0 || n * Math.max(1, minBytesEach) > b.length - at) {
      throw bad("count " + n + " exceeds the body", what);
    }
    return (int) n;
  }

  String string(String what) throws BatchFormatException {
    int n = count(what, 1);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(b, at, n))
              .toString();
      at += n;
      return s;
    } catch (CharacterCodingException e) {
      throw bad("invalid UTF-8", what);
    }
  }

  byte[] bytes(String what) throws BatchFormatException {
    int n = count(what, 1);
    byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
    at += n;
    return out;
  }

  private void need(int n, String what) throws BatchFormatException {
    if (b.length - at < n) {
      throw bad("body ends early", what);
    }
  }

  BatchFormatException bad(String cause, String what) {
    return new BatchFormatException(
        "cannot parse compact batch: " + cause + " [field=" + what + ", offset=" + at + "]");
  }
}
