package dev.tidemark.agent.collect;

/**
 * {@code /proc/meminfo} as node_exporter's meminfo collector names it: every line {@code Key: N kB}
 * becomes {@code node_memory_Key_bytes} (parentheses become underscores: {@code Active(anon)} →
 * {@code node_memory_Active_anon_bytes}); lines without a unit ({@code HugePages_Total}) keep their
 * count as {@code node_memory_HugePages_Total}.
 */
final class NodeMemory {
  private NodeMemory() {}

  static void emit(String text, Series series, Emit out, NameCache names) {
    int at = 0;
    int n = text.length();
    while (at < n) {
      int end = text.indexOf('\n', at);
      if (end < 0) {
        end = n;
      }
      String line = text.substring(at, end);
      at = end + 1;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String[] f = ProcCounters.fields(line.substring(colon + 1));
      if (f.length == 0) {
        continue;
      }
      long v = NodeStat.parse(f[0]);
      if (v < 0) {
        continue;
      }
      boolean kb = f.length > 1 && f[1].equals("kB");
      String metric = names.get(line.substring(0, colon), kb);
      out.value(metric, series.plain(), kb ? v * 1024.0 : v);
    }
  }

  /** {@code Active(anon)} → {@code node_memory_Active_anon_bytes}, built once per key. */
  static String name(String key, boolean bytes) {
    StringBuilder b = new StringBuilder("node_memory_");
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '(' || c == ')') {
        if (c == '(') {
          b.append('_');
        }
      } else {
        b.append(Character.isLetterOrDigit(c) ? c : '_');
      }
    }
    return bytes ? b.append("_bytes").toString() : b.toString();
  }

  /** Metric names by meminfo key. */
  static final class NameCache {
    private final java.util.Map<String, String> names = new java.util.HashMap<>();

    String get(String key, boolean bytes) {
      return names.computeIfAbsent(key + (bytes ? "/b" : ""), k -> name(key, bytes));
    }
  }
}
