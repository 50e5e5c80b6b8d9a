package dev.tidemark.bench.peers;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pre-encoded Prometheus remote_write 1.0 bodies (snappy-compressed WriteRequest protobuf), so the
 * load generator spends nothing on encoding while it sends. Series {@code i} of {@code metric} has
 * labels {@code series=i}, {@code group=i % 10} (1,000 series a group at 10,000 series) and {@code
 * region=i % 4}; round {@code r} gives every series one sample at {@code start + r * step}. Each
 * body holds {@code perBody} series of one round: bodies come round by round, so each series'
 * samples arrive in time order.
 */
public final class WriteBodies {
  private WriteBodies() {}

  public static List<byte[]> encode(
      String metric, int series, int rounds, int perBody, long start, long step) {
    List<byte[]> out = new ArrayList<>();
    SnappyCompressor snappy = new SnappyCompressor();
    for (int r = 0; r < rounds; r++) {
      long ts = start + r * step;
      for (int first = 0; first < series; first += perBody) {
        ByteArrayOutputStream request = new ByteArrayOutputStream(perBody * 80);
        for (int i = first; i < Math.min(series, first + perBody); i++) {
          ByteArrayOutputStream ts1 = new ByteArrayOutputStream(96);
          label(ts1, "__name__", metric);
          label(ts1, "group", Integer.toString(i % 10));
          label(ts1, "region", "r" + (i % 4));
          label(ts1, "series", Integer.toString(i));
          ByteArrayOutputStream sample = new ByteArrayOutputStream(16);
          sample.write(0x09); // field 1, fixed64: value
          long bits = Double.doubleToLongBits(Math.floor(r * 1.5 + i % 7));
          for (int b = 0; b < 8; b++) {
            sample.write((int) (bits >>> (8 * b)));
          }
          sample.write(0x10); // field 2, varint: timestamp
          varint(sample, ts);
          field(ts1, 2, sample.toByteArray());
          field(request, 1, ts1.toByteArray());
        }
        byte[] raw = request.toByteArray();
        byte[] compressed = new byte[snappy.maxCompressedLength(raw.length)];
        int n = snappy.compress(raw, 0, raw.length, compressed, 0, compressed.length);
        out.add(Arrays.copyOf(compressed, n));
      }
    }
    return out;
  }

  private static void label(ByteArrayOutputStream ts, String name, String value) {
    ByteArrayOutputStream l = new ByteArrayOutputStream(32);
    field(l, 1, name.getBytes(StandardCharsets.UTF_8));
    field(l, 2, value.getBytes(StandardCharsets.UTF_8));
    field(ts, 1, l.toByteArray());
  }

  private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
    out.write((number << 3) | 2);
    varint(out, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
