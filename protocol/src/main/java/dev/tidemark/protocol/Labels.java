package dev.tidemark.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of label name/value pairs, sorted by name. Two label sets with the same pairs
 * are equal whatever order they were given in, which makes {@link #canonical()} usable as a series
 * key.
 */
public final class Labels {
  private static final Labels EMPTY = new Labels(new String[0]);

  /** Alternating name, value, name, value … sorted by name. */
  private final String[] pairs;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  public static Labels empty() {
    return EMPTY;
  }

  /** Labels from a map; empty values are dropped, as Prometheus treats them as absent. */
  public static Labels of(Map<String, String> map) {
    String[] pairs = new String[map.size() * 2];
    int n = 0;
    for (Map.Entry<String, String> e : map.entrySet()) {
      String value = e.getValue();
      if (value != null && !value.isEmpty()) {
        pairs[n++] = e.getKey();
        pairs[n++] = value;
      }
    }
    return fromPairs(pairs, n);
  }

  /**
   * Labels from the first {@code n} entries of alternating names and values, which this call owns
   * from then on; sorted here unless already in name order (the common case on the hot path).
   */
  public static Labels fromPairs(String[] pairs, int n) {
    if (n == 0) {
      return EMPTY;
    }
    String[] own = n == pairs.length ? pairs : Arrays.copyOf(pairs, n);
    for (int i = 2; i < n; i += 2) {
      if (own[i - 2].compareTo(own[i]) > 0) {
        sortPairs(own);
        break;
      }
    }
    return new Labels(own);
  }

  /** Insertion sort by name: label sets are small. */
  private static void sortPairs(String[] p) {
    for (int i = 2; i < p.length; i += 2) {
      String name = p[i];
      String value = p[i + 1];
      int j = i - 2;
      while (j >= 0 && p[j].compareTo(name) > 0) {
        p[j + 2] = p[j];
        p[j + 3] = p[j + 1];
        j -= 2;
      }
      p[j + 2] = name;
      p[j + 3] = value;
    }
  }

  /** Labels from alternating names and values: {@code Labels.of("host", "h1", "release", "v1")}. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels need name/value pairs");
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return of(map); // a map: a name given twice keeps its last value
  }

  public int size() {
    return pairs.length / 2;
  }

  public String name(int i) {
    return pairs[2 * i];
  }

  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of a label, or null. */
  public String get(String name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(name)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  public Map<String, String> asMap() {
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** A JSON object with the labels in name order; stable, so usable as a key. */
  public String canonical() {
    StringBuilder sb = new StringBuilder(16 + pairs.length * 12).append('{');
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      Json.quote(sb, pairs[i]).append(": ");
      Json.quote(sb, pairs[i + 1]);
    }
    return sb.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels other && Arrays.equals(pairs, other.pairs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pairs);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
