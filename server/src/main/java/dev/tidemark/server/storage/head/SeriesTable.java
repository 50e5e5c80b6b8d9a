package dev.tidemark.server.storage.head;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The head's series by database id: one array of {@link SeriesSamples} found by open addressing,
 * each holding its own id. A lookup loads a slot and the series it needs anyway, where a {@code
 * ConcurrentHashMap<Long, …>} also loaded a node and a boxed key on the way (a third of the head
 * feed's time in a profile was that key's compare). Lookups take no lock: the array is published
 * whole (volatile) and a series' id is final, so a reader sees a series whole or misses it; a miss
 * is looked up again under this table's monitor by {@link #getOrAdd}. Removal rebuilds the array
 * and is for callers that exclude every lookup ({@link Head}'s write lock).
 */
final class SeriesTable {
  private volatile SeriesSamples[] slots = new SeriesSamples[1 << 10];
  private volatile int size; // written under this

  SeriesSamples get(long id) {
    SeriesSamples[] t = slots;
    int mask = t.length - 1;
    for (int slot = slotOf(id, mask); ; slot = (slot + 1) & mask) {
      SeriesSamples s = t[slot];
      if (s == null || s.id == id) {
        return s;
      }
    }
  }

  /** The series of {@code id}, made by {@code create} if the table has none. */
  SeriesSamples getOrAdd(long id, LongFunction<SeriesSamples> create) {
    SeriesSamples s = get(id);
    return s != null ? s : add(id, create);
  }

  private synchronized SeriesSamples add(long id, LongFunction<SeriesSamples> create) {
    SeriesSamples known = get(id);
    if (known != null) {
      return known;
    }
    SeriesSamples s = create.apply(id);
    SeriesSamples[] t = slots;
    if (size + 1 > t.length / 2) {
      t = rebuilt(t, 2 * t.length, x -> true);
    }
    insert(t, s);
    size++;
    slots = t; // publishes the new series (and a grown array) to lookups
    return s;
  }

  /** Drops the series {@code drop} accepts; callers exclude every other use of the table. */
  synchronized void removeIf(Predicate<SeriesSamples> drop) {
    int kept = 0;
    for (SeriesSamples s : slots) {
      kept += s != null && !drop.test(s) ? 1 : 0;
    }
    if (kept == size) {
      return;
    }
    int length = 1 << 10;
    while (kept + 1 > length / 2) {
      length *= 2;
    }
    slots = rebuilt(slots, length, s -> !drop.test(s));
    size = kept;
  }

  int size() {
    return size;
  }

  /** The series held now (a snapshot: one added meanwhile may be missing). */
  List<SeriesSamples> values() {
    SeriesSamples[] t = slots;
    List<SeriesSamples> out = new ArrayList<>(size);
    for (SeriesSamples s : t) {
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private static SeriesSamples[] rebuilt(
      SeriesSamples[] t, int length, Predicate<SeriesSamples> keep) {
    SeriesSamples[] bigger = new SeriesSamples[length];
    for (SeriesSamples s : t) {
      if (s != null && keep.test(s)) {
        insert(bigger, s);
      }
    }
    return bigger;
  }

  private static void insert(SeriesSamples[] t, SeriesSamples s) {
    int mask = t.length - 1;
    int slot = slotOf(s.id, mask);
    while (t[slot] != null) {
      slot = (slot + 1) & mask;
    }
    t[slot] = s;
  }

  private static int slotOf(long id, int mask) {
    long h = id * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
