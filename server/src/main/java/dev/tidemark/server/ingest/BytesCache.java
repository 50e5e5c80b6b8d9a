package dev.tidemark.server.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Values found again by the bytes they were decoded from: a decoder that meets the same label bytes
 * again (every scrape repeats every series) takes what it made of them last time instead of
 * decoding, validating and encoding them anew. Open addressing over immutable entries: {@link #get}
 * takes no lock and allocates nothing (an entry's fields are final, so a reader that sees one sees
 * it whole; one it misses is looked up again under the lock by {@link #put}); the table doubles up
 * to {@code maxEntries} and is emptied once past it, so its memory stays bounded.
 */
public final class BytesCache<V> {
  private static final class Entry<V> {
    final int hash;
    final byte[] key;
    final V value;

    Entry(int hash, byte[] key, V value) {
      this.hash = hash;
      this.key = key;
      this.value = value;
    }
  }

  private final int maxEntries;
  private volatile Entry<V>[] table = newTable(1 << 10);
  private int size; // guarded by this

  public BytesCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
    Entry<V>[] t = table;
    int mask = t.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      Entry<V> e = t[slot];
      if (e == null) {
        return null;
      }
      if (e.hash == hash && Arrays.equals(e.key, 0, e.key.length, buf, from, to)) {
        return e.value;
      }
    }
  }

  /** Keeps {@code value} for the bytes; returns the value kept (an earlier one if there is). */
  public synchronized V put(byte[] buf, int from, int to, int hash, V value) {
    V known = get(buf, from, to, hash);
    if (known != null) {
      return known;
    }
    Entry<V>[] t = table;
    if (size >= maxEntries) {
      t = newTable(t.length); // emptied: what is still in use comes back on the next miss
      size = 0;
    } else if (size >= t.length / 2) {
      t = grown(t);
    }
    insert(t, new Entry<>(hash, Arrays.copyOfRange(buf, from, to), value));
    size++;
    table = t; // publishes the entry and a new table alike
    return value;
  }

  private Entry<V>[] grown(Entry<V>[] t) {
    Entry<V>[] bigger = newTable(2 * t.length);
    for (Entry<V> e : t) {
      if (e != null) {
        insert(bigger, e);
      }
    }
    return bigger;
  }

  private static <V> void insert(Entry<V>[] t, Entry<V> e) {
    int mask = t.length - 1;
    int slot = e.hash & mask;
    while (t[slot] != null) {
      slot = (slot + 1) & mask;
    }
    t[slot] = e;
  }

  @SuppressWarnings("unchecked")
  private static <V> Entry<V>[] newTable(int slots) {
    return (Entry<V>[]) new Entry<?>[slots];
  }
}
