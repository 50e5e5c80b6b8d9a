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

  static byte[] decompress(byte[] compressed, long maxBytes) {
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
    byte[] out = new byte[length];
    try {
      int n = new SnappyDecompressor().decompress(compressed, 0, compressed.length, out, 0, length);
      if (n != length) {
        throw bad("it inflates to " + n + " bytes, the header says " + length);
      }
    } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw bad(e.getMessage() == null ? "input is malformed" : e.getMessage());
    }
    return out;
  }

  private static RemoteWriteException bad(String cause) {
    return RemoteWriteException.malformed(
        "cannot decompress write request: not snappy block format: " + cause);
  }
}
