package dev.tidemark.server.ingest;

import dev.tidemark.protocol.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A series as the ingest path keeps it: metric, labels, and their binary form in the write-ahead
 * queue (metric, label count, then names and values, each a stop-bit length and UTF-8 bytes), built
 * once per series. Decoders find a series they have seen again by the bytes it came in as ({@link
 * BytesCache}), so a sample of a known series costs no strings, no label set and no re-encoding.
 * Shared between threads; immutable but for {@link #id}, which the head feed alone reads and
 * writes.
 */
public final class SeriesRef {
  private final String metric;
  private final Labels labels;
  private final byte[] walForm;
  private long id;

  public SeriesRef(String metric, Labels labels) {
    this.metric = metric;
    this.labels = labels;
    this.walForm = walForm(metric, labels);
  }

  public String metric() {
    return metric;
  }

  public Labels labels() {
    return labels;
  }

  /**
   * The series' database id once the head feed has looked it up; 0 until then, -1 while it asks
   * (ids start at 1 and a series is never deleted, so a known id stays true). That thread's alone.
   */
  public long id() {
    return id;
  }

  public void id(long id) {
    this.id = id;
  }

  /** The series' bytes in a write-ahead entry; the caller must not change them. */
  public byte[] walForm() {
    return walForm;
  }

  /**
   * The write-ahead form of a series: the one encoder of it, for samples in rows and in columns.
   */
  public static byte[] walForm(String metric, Labels labels) {
    byte[] out = new byte[Math.max(64, 10 + 3 * metric.length())];
    int n = string(out, 0, metric);
    out = room(out, n, 5);
    n = stopBit(out, n, labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out = room(out, n, 10 + 3 * (labels.name(i).length() + labels.value(i).length()));
      n = string(out, n, labels.name(i));
      n = string(out, n, labels.value(i));
    }
    return Arrays.copyOf(out, n);
  }

  private static int string(byte[] out, int at, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    at = stopBit(out, at, utf8.length);
    System.arraycopy(utf8, 0, out, at, utf8.length);
    return at + utf8.length;
  }

  private static byte[] room(byte[] out, int used, int more) {
    return used + more <= out.length
        ? out
        : Arrays.copyOf(out, Math.max(2 * out.length, used + more));
  }

  /** Chronicle's stop-bit encoding of a non-negative number: 7 bits a byte, high bit = more. */
  static int stopBit(byte[] out, int at, long n) {
    while ((n & ~0x7FL) != 0) {
      out[at++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out[at++] = (byte) n;
    return at;
  }
}
