package dev.tidemark.agent.collect;

import dev.tidemark.protocol.Labels;
import java.util.HashMap;
import java.util.Map;

/**
 * The label sets of one probe's series, built once and reused from run to run: the agent's labels
 * plus the series' own ({@code cpu="0", mode="idle"}). Building a sorted label set per value per
 * run was most of a probe's allocation at a 1 s interval. Not thread-safe: one per probe.
 */
final class Series {
  private static final int MAX = 100_000; // a runaway device list cannot grow it without limit

  private final Map<String, String> base;
  private final Labels plain;
  private final Map<String, Labels> cache = new HashMap<>();

  Series(Map<String, String> base) {
    this.base = Map.copyOf(base);
    this.plain = Labels.of(this.base);
  }

  /** The agent's labels alone. */
  Labels plain() {
    return plain;
  }

  /** The agent's labels plus {@code name=value}. */
  Labels of(String name, String value) {
    String key = name + '\0' + value;
    Labels l = cache.get(key);
    if (l == null) {
      l = build(name, value);
      put(key, l);
    }
    return l;
  }

  /** The agent's labels plus two of the series' own. */
  Labels of(String n1, String v1, String n2, String v2) {
    String key = n1 + '\0' + v1 + '\0' + n2 + '\0' + v2;
    Labels l = cache.get(key);
    if (l == null) {
      l = build(n1, v1, n2, v2);
      put(key, l);
    }
    return l;
  }

  /** The agent's labels plus three of the series' own. */
  Labels of(String n1, String v1, String n2, String v2, String n3, String v3) {
    String key = n1 + '\0' + v1 + '\0' + n2 + '\0' + v2 + '\0' + n3 + '\0' + v3;
    Labels l = cache.get(key);
    if (l == null) {
      l = build(n1, v1, n2, v2, n3, v3);
      put(key, l);
    }
    return l;
  }

  /** The agent's labels plus any pairs; not cached (for series listed rarely). */
  Labels build(String... pairs) {
    String[] all = new String[base.size() * 2 + pairs.length];
    int n = 0;
    for (Map.Entry<String, String> e : base.entrySet()) {
      all[n++] = e.getKey();
      all[n++] = e.getValue();
    }
    for (String p : pairs) {
      all[n++] = p;
    }
    return Labels.of(all);
  }

  private void put(String key, Labels l) {
    if (cache.size() >= MAX) {
      cache.clear();
    }
    cache.put(key, l);
  }
}
