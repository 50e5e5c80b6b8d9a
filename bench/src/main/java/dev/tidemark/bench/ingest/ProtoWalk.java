package dev.tidemark.bench.ingest;

import io.airlift.compress.snappy.SnappyDecompressor;

/**
 * The least a remote_write decoder does: snappy decompression and a walk over every field of the
 * WriteRequest (labels skipped by length, each sample's value and timestamp read). The baseline of
 * {@link IngestCpuBench}; it validates nothing and builds nothing.
 */
final class ProtoWalk {
  private ProtoWalk() {}

  /** Samples in a snappy-compressed WriteRequest. */
  static long samples(byte[] compressed) {
    int length = SnappyDecompressor.getUncompressedLength(compressed, 0);
    byte[] raw = new byte[length];
    new SnappyDecompressor().decompress(compressed, 0, compressed.length, raw, 0, length);
    long[] pos = {0};
    long n = 0;
    long sum = 0;
    while (pos[0] < length) {
      int tag = (int) varint(raw, pos);
      int end = (int) varint(raw, pos) + (int) pos[0];
      if (tag >>> 3 == 1) {
        while (pos[0] < end) {
          int t = (int) varint(raw, pos);
          int len = (int) varint(raw, pos);
          if (t >>> 3 == 2) {
            int sampleEnd = (int) pos[0] + len;
            while (pos[0] < sampleEnd) {
              int f = (int) varint(raw, pos);
              if (f == 0x09) {
                sum += raw[(int) pos[0]];
                pos[0] += 8;
              } else {
                sum += varint(raw, pos);
              }
            }
            n++;
          } else {
            pos[0] += len;
          }
        }
      }
      pos[0] = end;
    }
    return sum == Long.MIN_VALUE ? -1 : n; // sum keeps the reads from being optimised away
  }

  private static long varint(byte[] b, long[] pos) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[(int) pos[0]++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
  }
}
