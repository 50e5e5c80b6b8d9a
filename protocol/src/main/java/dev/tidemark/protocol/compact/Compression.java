package dev.tidemark.protocol.compact;

import dev.tidemark.protocol.BatchFormatException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.Arrays;
import java.util.Locale;

/**
 * The compressions of compact batches, named as in {@code Content-Encoding}: {@code zstd} (a frame
 * with its content size), {@code snappy} (the block format, as remote_write uses it) or {@code
 * identity}. Pure Java (aircompressor): no native library in the agent's memory. A body that claims
 * to inflate past the limit is refused before anything is allocated.
 */
public final class Compression {
  /** Thrown when a body inflates past the limit: answered 413. */
  public static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  private Compression() {}

  public static boolean known(String encoding) {
    String e = normal(encoding);
    return e.equals("zstd") || e.equals("snappy") || e.equals("identity");
  }

  public static byte[] compress(String encoding, byte[] body) {
    return switch (normal(encoding)) {
      case "zstd" -> {
        ZstdCompressor c = new ZstdCompressor();
        byte[] out = new byte[c.maxCompressedLength(body.length)];
        yield Arrays.copyOf(out, c.compress(body, 0, body.length, out, 0, out.length));
      }
      case "snappy" -> {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(body.length)];
        yield Arrays.copyOf(out, c.compress(body, 0, body.length, out, 0, out.length));
      }
      default -> body;
    };
  }

  public static byte[] decompress(String encoding, byte[] body, long maxBytes)
      throws BatchFormatException, TooLargeException {
    String e = normal(encoding);
    if (e.equals("identity")) {
      return body;
    }
    long length;
    try {
      length =
          e.equals("zstd")
              ? ZstdDecompressor.getDecompressedSize(body, 0, body.length)
              : SnappyDecompressor.getUncompressedLength(body, 0);
    } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException x) {
      throw bad(e, "header is not valid");
    }
    if (length < 0) {
      throw bad(e, "no content size in the header");
    }
    if (length > maxBytes) {
      throw new TooLargeException(
          "cannot decompress batch: it inflates past the limit [length="
              + length
              + ", maxBytes="
              + maxBytes
              + "]");
    }
    byte[] out = new byte[(int) length];
    try {
      int n =
          e.equals("zstd")
              ? new ZstdDecompressor().decompress(body, 0, body.length, out, 0, out.length)
              : new SnappyDecompressor().decompress(body, 0, body.length, out, 0, out.length);
      if (n != length) {
        throw bad(e, "it inflates to " + n + " bytes, the header says " + length);
      }
    } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException x) {
      throw bad(e, x.getMessage() == null ? "input is malformed" : x.getMessage());
    }
    return out;
  }

  private static String normal(String encoding) {
    return encoding == null || encoding.isBlank()
        ? "identity"
        : encoding.trim().toLowerCase(Locale.ROOT);
  }

  private static BatchFormatException bad(String encoding, String cause) {
    return new BatchFormatException(
        "cannot decompress batch: not valid " + encoding + ": " + cause);
  }
}
