package dev.tidemark.traces.otlp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded reader of the protobuf wire format over a byte range: every length is checked against
 * what is left of its enclosing message, varints are at most 10 bytes, groups are refused. OTLP is
 * decoded with it by hand (as remote_write is), so the server carries no generated classes for the
 * few dozen fields it reads; unknown fields are skipped, as protobuf requires.
 */
final class ProtoInput {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private final int end;
  private final String what;
  private int pos;
  private int tag;

  ProtoInput(byte[] buf, String what) {
    this(buf, 0, buf.length, what);
  }

  private ProtoInput(byte[] buf, int offset, int end, String what) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
    this.what = what;
  }

  /** Moves to the next field; false at the end of this message. */
  boolean next() {
    if (pos >= end) {
      return false;
    }
    long t = varint();
    int wireType = (int) (t & 7);
    long field = t >>> 3;
    if (field == 0 || field > 0x1FFF_FFFFL) {
      throw malformed("field number " + field + " is out of range");
    }
    if (wireType != VARINT && wireType != FIXED64 && wireType != LEN && wireType != FIXED32) {
      throw malformed("wire type " + wireType + " is not supported");
    }
    tag = (int) t;
    return true;
  }

  int field() {
    return tag >>> 3;
  }

  int wireType() {
    return tag & 7;
  }

  /** Refuses the current field when it does not have the wire type its schema gives it. */
  ProtoInput expect(int wireType, String name) {
    if ((tag & 7) != wireType) {
      throw malformed("field " + name + " has wire type " + (tag & 7) + ", expected " + wireType);
    }
    return this;
  }

  long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw malformed("varint is truncated");
      }
      byte b = buf[pos++];
      if (shift == 63 && (b & 0xFE) != 0) {
        throw malformed("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("varint overflows 64 bits");
  }

  int sint32() {
    int n = (int) varint();
    return (n >>> 1) ^ -(n & 1);
  }

  long fixed64() {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFFL);
    }
    pos += 8;
    return v;
  }

  int fixed32() {
    need(4);
    int v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 4;
    return v;
  }

  double float64() {
    return Double.longBitsToDouble(fixed64());
  }

  /** The current length-delimited field as a reader of its own; this one moves past it. */
  ProtoInput message() {
    int length = length();
    ProtoInput sub = new ProtoInput(buf, pos, pos + length, what);
    pos += length;
    return sub;
  }

  byte[] bytes() {
    int length = length();
    byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
    pos += length;
    return out;
  }

  /** UTF-8 text; invalid UTF-8 is refused, as proto3 requires of strings. */
  String string() {
    int length = length();
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, pos, length))
              .toString();
      pos += length;
      return s;
    } catch (CharacterCodingException e) {
      throw malformed("string is not valid UTF-8");
    }
  }

  /** A repeated fixed64 field, packed (LEN) or one value (FIXED64), appended to {@code into}. */
  LongList fixed64s(LongList into) {
    if (wireType() == LEN) {
      ProtoInput packed = message();
      while (packed.pos < packed.end) {
        into.add(packed.fixed64());
      }
    } else {
      expect(FIXED64, "repeated fixed64");
      into.add(fixed64());
    }
    return into;
  }

  /** A repeated uint64 field, packed or not. */
  LongList varints(LongList into) {
    if (wireType() == LEN) {
      ProtoInput packed = message();
      while (packed.pos < packed.end) {
        into.add(packed.varint());
      }
    } else {
      expect(VARINT, "repeated uint64");
      into.add(varint());
    }
    return into;
  }

  void skip() {
    switch (wireType()) {
      case VARINT -> varint();
      case FIXED64 -> {
        need(8);
        pos += 8;
      }
      case FIXED32 -> {
        need(4);
        pos += 4;
      }
      default -> {
        int length = length();
        pos += length;
      }
    }
  }

  private int length() {
    expect(LEN, "length-delimited");
    long length = varint();
    if (length < 0 || length > end - pos) {
      throw malformed("length " + length + " runs past the end of its message");
    }
    return (int) length;
  }

  private void need(int n) {
    if (end - pos < n) {
      throw malformed("fixed-width value is truncated");
    }
  }

  OtlpFormatException malformed(String cause) {
    return new OtlpFormatException(
        "cannot decode " + what + ": " + cause + " [offset=" + pos + "]");
  }
}
