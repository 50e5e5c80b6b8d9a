package dev.tidemark.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * Base64 of HdrHistogram's compressed V2 encoding, decoded defensively: the compressed payload is
 * inflated into a bounded buffer and the header is checked before HdrHistogram allocates its counts
 * array, so a hostile histogram cannot claim gigabytes of memory.
 */
public final class HdrCodec {
  private static final int COMPRESSED_COOKIE = 0x1c849304;
  private static final int PLAIN_COOKIE = 0x1c849303;
  private static final int HEADER_BYTES = 40;

  /** Three significant digits keep 0.1% precision; more costs memory no tier keeps. */
  public static final int MAX_SIGNIFICANT_DIGITS = 3;

  private HdrCodec() {}

  public static String encode(AbstractHistogram histogram) {
    return Base64.getEncoder().encodeToString(toBytes(histogram));
  }

  /** The compressed V2 encoding as bytes. */
  public static byte[] toBytes(AbstractHistogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Arrays.copyOf(buffer.array(), length);
  }

  /**
   * Decodes a histogram or throws {@link IllegalArgumentException} naming the problem.
   *
   * @param maxBytes upper bound on the compressed and on the inflated size
   */
  public static Histogram decode(String base64, int maxBytes) {
    if (base64.length() > maxBytes * 4L / 3 + 4) {
      throw new IllegalArgumentException(
          "histogram is too large [base64Length="
              + base64.length()
              + ", maxBytes="
              + maxBytes
              + "]");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hdr is not base64: " + e.getMessage(), e);
    }
    return fromBytes(bytes, maxBytes);
  }

  /** Decodes the compressed V2 encoding, with the checks of {@link #decode}. */
  public static Histogram fromBytes(byte[] bytes, int maxBytes) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException("hdr is truncated [bytes=" + bytes.length + "]");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    int cookie = in.getInt();
    if ((cookie & ~0xf0) != COMPRESSED_COOKIE) {
      throw new IllegalArgumentException(
          "hdr is not a compressed V2 HdrHistogram [cookie=0x" + Integer.toHexString(cookie) + "]");
    }
    int compressedLength = in.getInt();
    if (compressedLength < 0 || compressedLength > bytes.length - 8) {
      throw new IllegalArgumentException(
          "hdr is truncated [declared="
              + compressedLength
              + ", present="
              + (bytes.length - 8)
              + "]");
    }
    byte[] plain = inflate(bytes, 8, compressedLength, maxBytes);
    checkHeader(ByteBuffer.wrap(plain));
    try {
      return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(plain), 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("hdr payload is corrupt: " + e, e);
    }
  }

  private static byte[] inflate(byte[] bytes, int offset, int length, int maxBytes) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(bytes, offset, length);
      byte[] out = new byte[Math.min(maxBytes, Math.max(1024, length * 4))];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          if (out.length >= maxBytes) {
            throw new IllegalArgumentException(
                "hdr inflates beyond the limit [maxBytes=" + maxBytes + "]");
          }
          out = Arrays.copyOf(out, (int) Math.min(maxBytes, out.length * 2L));
        }
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("hdr is truncated: compressed payload ends early");
        }
        n += got;
      }
      return Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("hdr payload is not deflate data: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  private static void checkHeader(ByteBuffer plain) {
    if (plain.remaining() < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "hdr header is truncated [bytes=" + plain.remaining() + "]");
    }
    int cookie = plain.getInt();
    if ((cookie & ~0xf0) != PLAIN_COOKIE) {
      throw new IllegalArgumentException(
          "hdr is not an integer HdrHistogram [cookie=0x" + Integer.toHexString(cookie) + "]");
    }
    int payloadLength = plain.getInt();
    plain.getInt(); // normalizing index offset
    int digits = plain.getInt();
    long lowest = plain.getLong();
    long highest = plain.getLong();
    if (payloadLength < 0 || payloadLength > plain.capacity() - HEADER_BYTES) {
      throw new IllegalArgumentException(
          "hdr payload is truncated [declared=" + payloadLength + "]");
    }
    if (digits < 0 || digits > MAX_SIGNIFICANT_DIGITS) {
      throw new IllegalArgumentException(
          "hdr has too many significant digits [digits="
              + digits
              + ", max="
              + MAX_SIGNIFICANT_DIGITS
              + "]");
    }
    if (lowest < 1 || highest < 2 * lowest) {
      throw new IllegalArgumentException(
          "hdr has an impossible range [lowest=" + lowest + ", highest=" + highest + "]");
    }
  }
}
