package dev.tidemark.server.ingest.remotewrite;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounded reader of the protobuf wire format over one byte array: varints (at most 10 bytes, no
 * overflow), fixed 64-bit values and length-delimited fields whose length must fit in what is left
 * of the enclosing message. Nesting is bounded by the caller: {@link #message()} hands out a reader
 * over a sub-range, and the remote_write decoder only descends into the three known levels; unknown
 * fields are skipped without being parsed. Groups (wire types 3 and 4) are refused.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private int end;
  private int pos;

  ProtoReader(byte[] buf, int offset, int end) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
  }

  boolean hasMore() {
    return pos < end;
  }

  int position() {
    return pos;
  }

  /** The next field's tag: {@code fieldNumber << 3 | wireType}. */
  int tag() {
    long tag = varint();
    int wireType = (int) (tag & 7);
    long field = tag >>> 3;
    if (field == 0 || field > 0x1FFF_FFFFL) {
      throw malformed("field number " + field + " is out of range");
    }
    if (wireType != VARINT
        && wireType != FIXED64
        && wireType != LENGTH_DELIMITED
        && wireType != FIXED32) {
      throw malformed("wire type " + wireType + " is not supported");
    }
    return (int) tag;
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

  long fixed64() {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xFFL);
    }
    pos += 8;
    return v;
  }

  /** A reader over the next length-delimited field; this reader moves past it. */
  ProtoReader message() {
    int length = length();
    ProtoReader sub = new ProtoReader(buf, pos, pos + length);
    pos += length;
    return sub;
  }

  /**
   * Narrows this reader to the next length-delimited field, as {@link #message()} does without a
   * new reader; returns the enclosing end, which {@link #leave} restores once the field is read.
   */
  int enter() {
    int length = length();
    int outer = end;
    end = pos + length;
    return outer;
  }

  void leave(int outer) {
    pos = end;
    end = outer;
  }

  /** A reader over {@code [from, to)} of the same bytes (a range this reader has checked). */
  ProtoReader range(int from, int to) {
    return new ProtoReader(buf, from, to);
  }

  byte[] buffer() {
    return buf;
  }

  /** The next length-delimited field as UTF-8 text; invalid UTF-8 is refused, as in proto3. */
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

  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> {
        need(8);
        pos += 8;
      }
      case FIXED32 -> {
        need(4);
        pos += 4;
      }
      case LENGTH_DELIMITED -> {
        int length =
            length(); // not "pos += length()": that would read pos before length() moves it
        pos += length;
      }
      default -> throw malformed("wire type " + wireType + " is not supported");
    }
  }

  private int length() {
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

  RemoteWriteException malformed(String cause) {
    return RemoteWriteException.malformed(
        "cannot decode write request: " + cause + " [offset=" + pos + "]");
  }
}
