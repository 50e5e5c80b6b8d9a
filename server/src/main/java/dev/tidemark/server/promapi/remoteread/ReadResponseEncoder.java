package dev.tidemark.server.promapi.remoteread;

import dev.tidemark.query.promql.PromResult;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes a sampled {@code prometheus.ReadResponse}: {@code results = 1}, one {@code QueryResult}
 * per query with {@code timeseries = 1}, each {@code TimeSeries} with sorted {@code labels = 1}
 * ({@code name = 1}, {@code value = 2}) and {@code samples = 2} ({@code value = 1} double, {@code
 * timestamp = 2} int64); then snappy block compression.
 */
final class ReadResponseEncoder {

  private ReadResponseEncoder() {}

  static byte[] encode(List<List<PromResult.Series>> results) {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    for (List<PromResult.Series> result : results) {
      ByteArrayOutputStream queryResult = new ByteArrayOutputStream();
      for (PromResult.Series s : result) {
        field(queryResult, 1, series(s));
      }
      field(response, 1, queryResult.toByteArray());
    }
    byte[] raw = response.toByteArray();
    SnappyCompressor compressor = new SnappyCompressor();
    byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
    int n = compressor.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  private static byte[] series(PromResult.Series s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> l : new TreeMap<>(s.labels()).entrySet()) {
      ByteArrayOutputStream label = new ByteArrayOutputStream();
      field(label, 1, l.getKey().getBytes(StandardCharsets.UTF_8));
      field(label, 2, l.getValue().getBytes(StandardCharsets.UTF_8));
      field(out, 1, label.toByteArray());
    }
    for (int i = 0; i < s.times().length; i++) {
      ByteArrayOutputStream sample = new ByteArrayOutputStream();
      varint(sample, (1 << 3) | 1);
      long bits = Double.doubleToRawLongBits(s.values()[i]);
      for (int b = 0; b < 8; b++) {
        sample.write((int) (bits >>> (8 * b)) & 0xFF);
      }
      varint(sample, 2 << 3);
      varint(sample, s.times()[i]);
      field(out, 2, sample.toByteArray());
    }
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
    varint(out, (number << 3) | 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
