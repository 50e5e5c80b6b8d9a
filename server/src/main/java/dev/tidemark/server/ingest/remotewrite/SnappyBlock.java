package dev.tidemark.server.ingest.remotewrite;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;

/**
 * Snappy's block format (not the framed one), as remote_write 1.0 sends it, through aircompressor's
 * pure-Java decoder. The uncompressed length in the header is checked against a limit before
 * anything is allocated.
 */
final class SnappyBlock {
  private SnappyBlock() {}

  /** A buffer that grew past this for one large request is dropped after it, not kept. */
  private static final int KEEP_BYTES = 1 << 20;

  /** Each worker thread inflates into its own buffer: a request's bytes die with its decoding. */
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[0]);

  /**
   * Inflates a body whose {@link #length} is known into this thread's buffer, valid until the
   * thread's next call here. Every string or key decoded from it is a copy, so nothing keeps the
   * buffer past the request.
   */
  static byte[] inflateReused(byte[] compressed, int length) {
    byte[] buf = BUFFERS.get();
    if (buf.length < length) {
      buf = new byte[length];
      if (length <= KEEP_BYTES) {
        BUFFERS.set(buf);
      }
    }
    inflate(compressed, buf, length);
    return buf;
  }

  static byte[] decompress(byte[] compressed, long maxBytes) {
    byte[] out = new byte[length(compressed, maxBytes)];
    inflate(compressed, out, out.length);
    return out;
  }

  /** The inflated length the header announces, refused past {@code maxBytes} (413). */
  static int length(byte[] compressed, long maxBytes) {
    int length;
    try {
      length = SnappyDecompressor.getUncompressedLength(compressed, 0);
    } catch (MalformedInputException | IndexOutOfBoundsException e) {
      throw bad("header is not a valid length");
    }
    if (length < 0) {
      throw bad("header is not a valid length");
    }
    if (length > maxBytes) {
      throw new RemoteWriteException(
          413,
          "cannot decompress write request: it inflates past the limit [length="
              + length
              + ", maxBytes="
              + maxBytes
              + "]");
    }
    return length;
  }

  private static void inflate(byte[] compressed, byte[] out, int length) {
    try {
      int n = new SnappyDecompressor().decompress(compressed, 0, compressed.length, out, 0, length);
      if (n != length) {
        throw bad("it inflates to " + n + " bytes, the header says " + length);
      }
    } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw bad(e.getMessage() == null ? "input is malformed" : e.getMessage());
    }
  }

  private static RemoteWriteException bad(String cause) {
    return RemoteWriteException.malformed(
        "cannot decompress write request: not snappy block format: " + cause);
  }
}
