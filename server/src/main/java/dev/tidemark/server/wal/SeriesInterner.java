package dev.tidemark.server.wal;

import dev.tidemark.protocol.Labels;
import dev.tidemark.server.ingest.SeriesRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The series (metric and labels) the reader has decoded, found again by their encoded bytes, so a
 * series seen before costs no new strings. Without it every row of a chunk carried its own seven
 * strings and label array: a chunk of 200,000 rows was some 100 MB of small objects, alive while
 * the writer copied it into the database, and every young collection in that window copied them too
 * — pauses of 100–600 ms that stalled ingest on two cores. Owned by the reader's thread.
 */
final class SeriesInterner {
  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Slots of the open-addressing table; it is emptied when half full (65,536 series), so a server
   * with more active series than that decodes their strings again after each emptying.
   */
  private static final int SLOTS = 1 << 17;

  private final int[] hashes = new int[SLOTS];
  private final byte[][] keys = new byte[SLOTS][];
  private final SeriesRef[] values = new SeriesRef[SLOTS];
  private int size;
  private byte[] scratch = new byte[256];
  private int length;
  private byte[] found;
  private int foundAt;
  private int hash;
  private int slot;

  /**
   * Looks up the series encoded in {@code b} between {@code from} and its read position; null when
   * it is new ({@link #add} then keeps it). Bytes on the heap are read in place; others (the
   * queue's mapped files) are copied out once.
   */
  SeriesRef find(Bytes<?> b, long from) {
    length = (int) (b.readPosition() - from);
    byte[] source;
    int offset;
    if (b.underlyingObject() instanceof byte[] heap) {
      source = heap;
      offset = (int) (from - b.start());
    } else {
      if (scratch.length < length) {
        scratch = new byte[Math.max(length, 2 * scratch.length)];
      }
      long end = b.readPosition();
      b.readPosition(from);
      b.read(scratch, 0, length); // one bulk copy, not a bounds-checked read per byte
      b.readPosition(end);
      source = scratch;
      offset = 0;
    }
    hash = hash(source, offset, length);
    int mask = SLOTS - 1;
    for (slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash
          && Arrays.equals(keys[slot], 0, keys[slot].length, source, offset, offset + length)) {
        return values[slot];
      }
    }
    found = source;
    foundAt = offset;
    return null;
  }

  /** A hash of {@code length} bytes from {@code offset}, eight at a time. */
  private static int hash(byte[] b, int offset, int length) {
    long h = length;
    int i = offset;
    for (int end = offset + length - 7; i < end; i += 8) {
      h = (h + (long) WORD.get(b, i)) * 0x9E3779B97F4A7C15L;
    }
    for (int end = offset + length; i < end; i++) {
      h = (h + b[i]) * 0x9E3779B97F4A7C15L;
    }
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }

  /** Keeps the series the last {@link #find} did not know. */
  SeriesRef add(String metric, Labels labels) {
    SeriesRef s = new SeriesRef(metric, labels);
    if (size >= SLOTS / 2) {
      Arrays.fill(keys, null);
      Arrays.fill(values, null);
      size = 0;
      int mask = SLOTS - 1;
      for (slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
        // the table is empty: the first probe is free
      }
    }
    hashes[slot] = hash;
    keys[slot] = Arrays.copyOfRange(found, foundAt, foundAt + length);
    values[slot] = s;
    size++;
    return s;
  }
}
