package dev.tidemark.query.promql.eval;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Prometheus' order of label sets: label by label, sorted by name, then by value. */
public final class LabelOrder {
  /** Compares two label sets as Prometheus sorts series. */
  public static final Comparator<Map<String, String>> COMPARATOR = LabelOrder::compare;

  private LabelOrder() {}

  static int compare(Map<String, String> a, Map<String, String> b) {
    Iterator<Map.Entry<String, String>> x = sorted(a).entrySet().iterator();
    Iterator<Map.Entry<String, String>> y = sorted(b).entrySet().iterator();
    while (x.hasNext() && y.hasNext()) {
      Map.Entry<String, String> l = x.next();
      Map.Entry<String, String> r = y.next();
      int c = l.getKey().compareTo(r.getKey());
      if (c != 0) {
        return c;
      }
      c = l.getValue().compareTo(r.getValue());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(x.hasNext(), y.hasNext());
  }

  private static Map<String, String> sorted(Map<String, String> m) {
    return m instanceof TreeMap ? m : new TreeMap<>(m);
  }
}
