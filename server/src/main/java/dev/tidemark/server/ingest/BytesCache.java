package dev.tidemark.server.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Values found again by the bytes they were decoded from: a decoder that meets the same label bytes
 * again (every scrape repeats every series) takes what it made of them last time instead of
 * decoding, validating and encoding them anew.
 *
 * <p>Laid out for the lookup, which runs once per series of every request: open addressing over
 * slot words that hold an entry's hash and number, so a probe that is not the entry costs no load
 * beyond its slot; the keys' bytes one after another in one array, the values in another. A hit
 * loads its slot, its key's bytes and its value (one object per entry with the key in an array of
 * its own cost a fourth load, and that lookup was two fifths of the remote_write workers' time).
 *
 * <p>{@link #get} takes no lock and allocates nothing: {@link #put} (under this object's monitor)
 * writes an entry's key and value before releasing its slot word, which {@link #get} acquires; a
 * table that must grow is copied and replaced whole, so a reader holding the old one still sees it
 * consistent. The table doubles up to {@code maxEntries} entries and {@value #MAX_KEY_BYTES} bytes
 * of keys and is emptied once past either, so its memory stays bounded.
 */
public final class BytesCache<V> {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Key bytes an entry is given room for when a table is made; a table grows past it. */
  private static final int KEY_BYTES = 64;

  /** Key bytes kept at most: past them the cache is emptied, as past {@code maxEntries}. */
  static final int MAX_KEY_BYTES = 64 << 20;

  /**
   * One generation of the cache. Slot words are {@code (hash << 32) | (entry + 1)}, 0 when free;
   * entry {@code i}'s key is {@code keys[offsets[i], offsets[i + 1])}.
   */
  private static final class Table {
    final long[] slots;
    final byte[] keys;
    final int[] offsets;
    final Object[] values;
    int entries; // guarded by the cache's monitor, as are writes to the arrays

    Table(int slots, int keyBytes) {
      this.slots = new long[slots];
      this.keys = new byte[keyBytes];
      this.offsets = new int[slots / 2 + 1];
      this.values = new Object[slots / 2];
    }

    int capacity() {
      return values.length;
    }
  }

  private final int maxEntries;
  private volatile Table table = new Table(1 << 10, (1 << 9) * KEY_BYTES);

  public BytesCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * The hash {@link #get} and {@link #put} take for {@code buf[from, to)}: eight bytes a step (a
   * byte-at-a-time hash was a tenth of the decoders' time on 50-byte label sets).
   */
  public static int hash(byte[] buf, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(buf, i)) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    long tail = 0;
    for (int shift = 0; i < to; i++, shift += 8) {
      tail |= (buf[i] & 0xFFL) << shift;
    }
    h = (h ^ tail) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 32;
    return (int) h;
  }

  /** The value kept for the bytes {@code buf[from, to)} of hash {@code hash}, or null. */
  public V get(byte[] buf, int from, int to, int hash) {
    return get(table, buf, from, to, hash);
  }

  @SuppressWarnings("unchecked")
  private static <V> V get(Table t, byte[] buf, int from, int to, int hash) {
    long[] slots = t.slots;
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long word = (long) SLOTS.getAcquire(slots, slot);
      if (word == 0) {
        return null;
      }
      if ((int) (word >>> 32) == hash) {
        int entry = (int) word - 1;
        int keyFrom = t.offsets[entry];
        if (Arrays.equals(t.keys, keyFrom, t.offsets[entry + 1], buf, from, to)) {
          return (V) t.values[entry];
        }
      }
    }
  }

  /** Keeps {@code value} for the bytes; returns the value kept (an earlier one if there is). */
  public synchronized V put(byte[] buf, int from, int to, int hash, V value) {
    Table t = table;
    V known = get(t, buf, from, to, hash);
    if (known != null) {
      return known;
    }
    int length = to - from;
    if (length > MAX_KEY_BYTES / 16) {
      return value; // not kept: a key that size would crowd out every other
    }
    if (t.entries >= maxEntries || t.offsets[t.entries] + length > MAX_KEY_BYTES) {
      t = new Table(t.slots.length, t.keys.length); // emptied: what is in use comes back on a miss
      table = t;
    }
    if (t.entries == t.capacity() || t.offsets[t.entries] + length > t.keys.length) {
      t = grown(t, length);
      table = t; // published whole: a reader of the old table still sees it as it was
    }
    int entry = t.entries;
    int keyFrom = t.offsets[entry];
    System.arraycopy(buf, from, t.keys, keyFrom, length);
    t.offsets[entry + 1] = keyFrom + length;
    t.values[entry] = value;
    t.entries = entry + 1;
    long word = ((long) hash << 32) | (entry + 1L);
    SLOTS.setRelease(t.slots, free(t.slots, hash), word); // the entry is whole before it is seen
    return value;
  }

  /** A copy of {@code t} with room for one more entry of {@code length} key bytes. */
  private static Table grown(Table t, int length) {
    int slots = t.entries == t.capacity() ? 2 * t.slots.length : t.slots.length;
    int used = t.offsets[t.entries];
    int keyBytes =
        used + length > t.keys.length
            ? (int) Math.min(MAX_KEY_BYTES, Math.max(2L * t.keys.length, used + length))
            : t.keys.length;
    Table bigger = new Table(slots, keyBytes);
    System.arraycopy(t.keys, 0, bigger.keys, 0, used);
    System.arraycopy(t.offsets, 0, bigger.offsets, 0, t.entries + 1);
    System.arraycopy(t.values, 0, bigger.values, 0, t.entries);
    bigger.entries = t.entries;
    for (long word : t.slots) {
      if (word != 0) {
        bigger.slots[free(bigger.slots, (int) (word >>> 32))] = word;
      }
    }
    return bigger;
  }

  private static int free(long[] slots, int hash) {
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
