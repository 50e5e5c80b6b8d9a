package dev.tidemark.server.promapi.remoteread;

import dev.tidemark.query.source.LabelMatcher;
import dev.tidemark.query.source.MatchOp;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Decodes a snappy block-compressed protobuf {@code prometheus.ReadRequest}: {@code queries = 1}
 * (each {@code start_timestamp_ms = 1}, {@code end_timestamp_ms = 2}, {@code matchers = 3} with
 * {@code type = 1} (EQ, NEQ, RE, NRE), {@code name = 2}, {@code value = 3}); hints and the accepted
 * response types are skipped (the answer is always sampled). Bad input is an {@link
 * IllegalArgumentException} whose message names the problem.
 */
final class ReadRequestDecoder {
  /** A read request is a few matchers; more than this decoded is not one. */
  static final int MAX_DECODED = 4 * 1024 * 1024;

  private final byte[] buf;
  private int pos;

  private ReadRequestDecoder(byte[] buf) {
    this.buf = buf;
  }

  static ReadRequest decode(byte[] compressed) {
    byte[] raw;
    try {
      int length = SnappyDecompressor.getUncompressedLength(compressed, 0);
      if (length < 0 || length > MAX_DECODED) {
        throw bad("snappy length " + length + " is out of range [max=" + MAX_DECODED + "]");
      }
      raw = new byte[length];
      int n = new SnappyDecompressor().decompress(compressed, 0, compressed.length, raw, 0, length);
      if (n != length) {
        throw bad("snappy data inflates to " + n + " bytes, its header says " + length);
      }
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw bad("not snappy block format");
    }
    return new ReadRequestDecoder(raw).request(raw.length);
  }

  private ReadRequest request(int end) {
    List<ReadRequest.Query> queries = new ArrayList<>();
    while (pos < end) {
      int tag = (int) varint(end);
      if (tag >>> 3 == 1 && (tag & 7) == 2) {
        int length = length(end);
        queries.add(query(pos + length));
      } else {
        skip(tag & 7, end);
      }
    }
    return new ReadRequest(queries);
  }

  private ReadRequest.Query query(int end) {
    long start = 0;
    long stop = 0;
    List<LabelMatcher> matchers = new ArrayList<>();
    while (pos < end) {
      int tag = (int) varint(end);
      int field = tag >>> 3;
      if (field == 1 && (tag & 7) == 0) {
        start = varint(end);
      } else if (field == 2 && (tag & 7) == 0) {
        stop = varint(end);
      } else if (field == 3 && (tag & 7) == 2) {
        int length = length(end);
        matchers.add(matcher(pos + length));
      } else {
        skip(tag & 7, end);
      }
    }
    return new ReadRequest.Query(start, stop, matchers);
  }

  private LabelMatcher matcher(int end) {
    int type = 0;
    String name = "";
    String value = "";
    while (pos < end) {
      int tag = (int) varint(end);
      int field = tag >>> 3;
      if (field == 1 && (tag & 7) == 0) {
        type = (int) varint(end);
      } else if (field == 2 && (tag & 7) == 2) {
        name = string(end);
      } else if (field == 3 && (tag & 7) == 2) {
        value = string(end);
      } else {
        skip(tag & 7, end);
      }
    }
    MatchOp[] ops = {MatchOp.EQ, MatchOp.NE, MatchOp.RE, MatchOp.NRE};
    if (type < 0 || type >= ops.length) {
      throw bad("matcher type " + type + " is unknown");
    }
    try {
      return LabelMatcher.of(name, ops[type], value);
    } catch (PatternSyntaxException e) {
      throw bad("regular expression " + value + " does not compile: " + e.getDescription());
    }
  }

  private long varint(int end) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) {
        throw bad("varint is truncated");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw bad("varint overflows 64 bits");
  }

  private int length(int end) {
    long length = varint(end);
    if (length < 0 || length > end - pos) {
      throw bad("length " + length + " runs past the end of its message");
    }
    return (int) length;
  }

  private String string(int end) {
    int length = length(end);
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  private void skip(int wireType, int end) {
    switch (wireType) {
      case 0 -> varint(end);
      case 1 -> advance(8, end);
      case 5 -> advance(4, end);
      case 2 -> {
        int length = length(end);
        pos += length;
      }
      default -> throw bad("wire type " + wireType + " is not supported");
    }
  }

  private void advance(int n, int end) {
    if (end - pos < n) {
      throw bad("fixed-width value is truncated");
    }
    pos += n;
  }

  private static IllegalArgumentException bad(String cause) {
    return new IllegalArgumentException("cannot decode read request: " + cause);
  }
}
