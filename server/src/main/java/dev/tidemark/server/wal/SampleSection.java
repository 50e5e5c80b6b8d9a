package dev.tidemark.server.wal;

import dev.tidemark.server.ingest.SampleColumns;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The samples of a write-ahead entry built from columns, in a plain byte array each thread reuses:
 * per sample the series' ready-made bytes ({@link dev.tidemark.server.ingest.SeriesRef#walForm}),
 * then timestamp and value bits as Chronicle writes longs (native order), so {@link WalCodec#read}
 * reads it like any entry. One bulk copy into the queue replaces three writes per sample into
 * Chronicle's bytes, whose per-call bounds and offset checks were the hottest spot of the append.
 */
final class SampleSection {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  /** A buffer that grew past this for a large request is dropped after it, not kept. */
  private static final int KEEP_BYTES = 1 << 20;

  private static final ThreadLocal<SampleSection> MINE =
      ThreadLocal.withInitial(SampleSection::new);

  private byte[] bytes = new byte[64 << 10];
  private int length;

  /**
   * The section of {@code samples}, or null when it would pass {@code max} bytes and there is more
   * than one sample to split (encoding stops there, so a huge request never grows the buffer far).
   */
  static SampleSection of(SampleColumns samples, long max) {
    SampleSection s = MINE.get();
    if (!s.encode(samples, samples.size() > 1 ? max : Long.MAX_VALUE)) {
      s.release();
      return null;
    }
    return s;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** Lets a buffer that grew for one large request go. */
  void release() {
    if (bytes.length > KEEP_BYTES) {
      MINE.remove();
    }
  }

  private boolean encode(SampleColumns c, long max) {
    int n = 0;
    for (int i = 0; i < c.size(); i++) {
      byte[] series = c.series(i).walForm();
      if (n + series.length + 16 > max) {
        return false;
      }
      if (n + series.length + 16 > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, n + series.length + 16));
      }
      System.arraycopy(series, 0, bytes, n, series.length);
      n += series.length;
      LONGS.set(bytes, n, c.timestamp(i));
      LONGS.set(bytes, n + 8, c.valueBits(i));
      n += 16;
    }
    length = n;
    return true;
  }
}
